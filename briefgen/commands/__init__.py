"""The sub-commands of ``briefgen``, one module each; :mod:`briefgen.cli` puts them together.

Each module has ``add_parser(commands)``, which adds its sub-command(s) to
the ``briefgen`` parser, and ``run(args)``, which carries one out and
returns the exit status.
"""
