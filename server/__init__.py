"""bite.server: the pygls language server (protocol glue only). Arrives with the server issue."""
