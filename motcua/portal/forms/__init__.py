"""The portal's forms, one module per screen they serve (the catalogue filters, online submission, the applicant's
own actions, ratings, PAKN feedback, tracking by code) (docs/architecture.md, "One module or a package")."""
