"""Letters by e-mail: IMAP accounts checked by the periodic runner; attachments (or the message itself) become
captures through archive.services.capture, with the sender and subject kept as their context.

Dependency direction: mailintake imports archive (the capture service); no app imports mailintake. The pipeline
reads top to bottom in services.py: connect (imap.py), read each message (messages.py), choose by the rules
(rules.py), capture, remember the Message-ID, then flag or move the message.
"""
