"""What `kpireport build` writes for an input: one file per output format, as `kpireport --help`
lists them from the renderer table (so that tests follow the table instead of naming formats)."""
import os
import subprocess


def formats(bin):
    """[(name, extension)] of every output format, in the table's order."""
    text = subprocess.run([bin, "--help"], capture_output=True, text=True, check=True,
                          env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="")).stdout
    lines = text.split("\noutput formats", 1)[1].splitlines()[1:]
    return [(l.split()[0], l.split()[1][len("STEM"):]) for l in lines if l.strip()]


def output_names(bin, stem):
    """The file names build writes for stem, sorted."""
    return sorted(stem + ext for _, ext in formats(bin))
