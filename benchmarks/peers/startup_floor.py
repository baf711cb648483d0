"""The start-up floor: a bare Typer command that loads one YAML file with libyaml."""

import typer
import yaml

app = typer.Typer()


@app.command()
def main(path: str) -> None:
    """Load one file and print how many keys it has."""
    with open(path, "rb") as f:
        data = yaml.load(f, Loader=yaml.CSafeLoader)
    print(len(data))


app()
