"""Reading case management exports (CSV / XLSX) into validated register rows.

``reader`` turns bytes into a table (checking size and type by content), ``fields``
knows the register's columns and suggests a mapping, ``rows`` validates each row.
None of these touch the database; ``cases.services`` plans and commits the import.
"""
