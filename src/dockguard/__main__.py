from dockguard.cli import main

raise SystemExit(main())
