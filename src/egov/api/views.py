"""Views of the API glue itself (the domain operations live in each app's api/ package)."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


@extend_schema(exclude=True)
class UnknownPathApi(APIView):
    # Any path under /api/v1/ that no operation matches (a typo, a negative or non-numeric id, an
    # old client): a 404 in the API's error shape, never Django's HTML page. Authentication and
    # throttling still run first, as for every API request.

    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()
