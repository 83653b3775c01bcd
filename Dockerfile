# Naskah web and worker image: Debian with Tesseract (ind+eng), poppler, libmagic and WeasyPrint's libraries.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng tesseract-ocr-osd poppler-utils libmagic1 qpdf gettext \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 gcc \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install -e . && pip cache purge || true
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v 0
EXPOSE 8000
CMD ["gunicorn", "naskah.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
