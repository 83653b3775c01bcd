"""The public SOP and service-standard catalogue, edited in the Wagtail admin."""
