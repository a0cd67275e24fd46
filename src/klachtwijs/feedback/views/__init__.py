"""Back-office views of the dossier app, one module per area (lists, dashboard, dossier, …)."""
