from bp_tutor.cli import main

raise SystemExit(main())
