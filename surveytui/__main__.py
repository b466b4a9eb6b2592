from surveytui.cli import main

raise SystemExit(main())
