import pytest

from .deployment import (
    Deployment,
    production_environment,
    readme_deploy_commands,
    throwaway_database,
)


@pytest.fixture(scope="session")
def deployment(tmp_path_factory):
    """Coprod set up by following the README's deploy steps literally, up to starting its
    processes (each test starts the servers and workers it needs), plus the demo data."""
    folder = tmp_path_factory.mktemp("deployment")
    with throwaway_database(folder) as database_url:
        deployed = Deployment(production_environment(database_url, folder / "static"))
        for command in readme_deploy_commands():
            if (
                command.startswith(("python manage.py", "./manage.py"))
                and "db_worker" not in command
            ):
                deployed.run(command)
        deployed.manage("seed_demo", "--force")
        yield deployed
        deployed.stop()


@pytest.fixture
def deployed(deployment):
    """The deployment, with every process a test started ended when it finishes."""
    yield deployment
    deployment.stop()
