from bite.cli import app

app(prog_name="bite")
