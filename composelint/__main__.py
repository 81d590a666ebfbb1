from composelint.main import main

main()
