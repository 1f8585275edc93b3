"""The classroom: an SSH server that gives every student their own tutor process, and the
teacher's view of the class (live dashboard, gradebook).

Importing this package is cheap; the server pulls in asyncssh, the dashboard Textual, only when
they run.
"""
