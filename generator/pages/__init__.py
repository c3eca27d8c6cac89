"""The parts of an entity's page, each worked out from the graph and the type
declarations: what the page shows, as data for its templates (`templates/entity/`).
`generator/render.py` puts them together."""
