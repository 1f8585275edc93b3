"""The Textual front end of bp-tutor: the home screen, lessons, help, palette, i18n and themes.

Importing this package is cheap: Textual is loaded by `bp_tutor.ui.app`, NumPy and plotext only by
the lesson blocks that draw numbers or curves.
"""
