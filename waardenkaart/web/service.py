"""What the site says about itself: a health check for whoever hosts it, and what happens to the data typed in."""

from flask import Blueprint, Response, current_app, render_template

blueprint = Blueprint("service", __name__)


@blueprint.get("/gezond")
def health():
    """200 while the app answers, without making a kit: for a load balancer, a monitor or systemd."""
    slots = current_app.extensions["waardenkaart.slots"]
    return Response(f"in orde: hoogstens {slots.slots} kits tegelijk\n", mimetype="text/plain")


@blueprint.get("/uw-gegevens")
def privacy():
    return render_template("gegevens.html")
