from klachtwijs.cli import main

main()
