"""Sub-commands of the ``osteostats`` CLI, one module each."""
