"""The report screens, one module per concept (the dashboard, period report, drill-down and Excel; the indicator
and Decision 766 pages; rankings, targets and the evaluation), a package because together they pass the size of
one file (docs/architecture.md, "One module or a package")."""
