"""The citizens' portal screens, one module per concept (the catalogue, the home page and public statistics,
online submission and the citizen's dossiers, the applicant's own actions, payment, the data store, ratings,
PAKN feedback, tracking by code, the demo codes page) (docs/architecture.md, "One module or a package");
the `urls*.py` modules import them per module."""
