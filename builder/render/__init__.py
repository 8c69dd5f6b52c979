"""Render: one document's HTML from Jinja2 templates: views of the helpline data, selection,
QR codes, and the products (render/products/) with their one registry."""
