"""Reading and writing files: YAML with line numbers, bundled content, atomic writes."""
