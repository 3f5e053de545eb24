"""The queue screens, one module per audience: the public and citizen screens (centres, kiosk, ticket, display,
booking) and the officers' desk (calling, finishing, checking in, statistics) (docs/architecture.md, "One module
or a package")."""
