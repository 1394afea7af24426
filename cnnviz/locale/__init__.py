"""String tables, one module per area; see cnnviz.i18n."""
