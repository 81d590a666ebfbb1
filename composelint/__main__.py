from composelint.cli.main import main

main()
