"""Faceted search over the search documents: one module per kind of backend, same results."""
