def new_dossier(world, **extra) -> dict:
    return {
        "procedure_code": world.procedure.code,
        "receiving_unit": world.one_stop.e_identifier,
        "applicant_name": "Nguyễn Văn An",
        "applicant_phone": "0912345678",
        **extra,
    }


def post(client, path, data, headers, **extra_headers):
    return client.post(path, data, content_type="application/json", headers={**headers, **extra_headers})
