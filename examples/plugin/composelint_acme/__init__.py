"""An example third-party rule package for composelint."""
