"""Weekly audit report and notice rendering: data assembly apart from rendering."""
