"""JSON Schemas (draft 2020-12) of the authored file kinds, shipped as package data."""
