from composelint.cli.main import entry

entry()
