"""`python -m app` is the `cadence` command."""

from app.cli import main

raise SystemExit(main())
