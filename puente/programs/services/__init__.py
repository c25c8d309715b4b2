"""Every write of programme data: one transaction each, with its audit event inside it.

Split by sub-domain; import the submodule you need (``from puente.programs.services import contacts``).
"""
