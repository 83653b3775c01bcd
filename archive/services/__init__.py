"""Write services of the archive: typed, keyword-only, named <entity>_<action>."""
