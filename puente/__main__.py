from puente.cli import main

raise SystemExit(main())
