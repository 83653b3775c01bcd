"""Read SOP documents and recognise their SOPs; pure Python, no Django models."""
