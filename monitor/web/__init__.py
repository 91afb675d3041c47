"""The web dashboard of `zwgk serve` (Flask, Jinja2): supervisors, departments, viewers."""
