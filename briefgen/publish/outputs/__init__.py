"""What the build makes around the Pelican run: see :mod:`briefgen.publish`."""
