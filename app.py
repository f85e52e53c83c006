"""WSGI entry point: `gunicorn app:app` and the `flask` command find the app here."""

from nxus import create_app

app = create_app()
