"""Secrets: the detector table (`detectors`), the engine (`engine.SecretScanner`) and how images and
files are scanned with it (`scan`)."""
