"""The reform screens, one module per concept (plans and tasks, survey rounds, initiative contests, the
Department's entry screens), a package because together they pass the size of one file (docs/architecture.md,
"One module or a package")."""
