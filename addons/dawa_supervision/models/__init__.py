from . import (
    dawa_supervision_measure,
    dawa_supervision_catalog,
    dawa_approval_item,
    dawa_supervision_task,
    dawa_supervision_feedback,
    dawa_approval_case,
    dawa_supervision_report,
    res_config_settings,
)
