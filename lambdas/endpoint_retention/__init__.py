"""EndpointRetention: select the exported endpoints that are due for deletion."""
