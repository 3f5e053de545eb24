"""The officer console's screens, one module per concept (the inbox, intake at the counter and the population
lookup, the dossier page and its actions, e-results, postal dispatch, prints and the PDF of forms 01–03, PAKN
feedback) (docs/architecture.md, "One module or a package"); `urls.py` imports them per module."""
