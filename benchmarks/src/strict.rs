//! The decoding floor: the `ListNodeGroups` response as plain serde structs, written by hand
//! with the same fields and Rust types as the generated ones (`Option` scalars, `Vec` lists,
//! nested structs defaulting when absent), but the derive's own strict deserializers instead of
//! the runtime's lenient ones.

use serde::Deserialize;

/// The response body.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListNodeGroupsResponse {
    /// `Data`.
    #[serde(default)]
    pub data: Data,
    /// `RequestId`.
    #[serde(default)]
    pub request_id: String,
    /// `Success`.
    #[serde(default)]
    pub success: Option<bool>,
}

/// `Data`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Data {
    /// `List`.
    #[serde(default)]
    pub list: Vec<List>,
    /// `TotalCount`.
    #[serde(default)]
    pub total_count: Option<i64>,
}

/// One node group.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct List {
    /// `ClassMode`.
    #[serde(default)]
    pub class_mode: Option<String>,
    /// `CreateMillis`.
    #[serde(default)]
    pub create_millis: Option<i64>,
    /// `DataDispatchConfig`.
    #[serde(default)]
    pub data_dispatch_config: DataDispatchConfig,
    /// `DataDispatchEnabled`.
    #[serde(default)]
    pub data_dispatch_enabled: Option<bool>,
    /// `FreqBandPlanGroupId`.
    #[serde(default)]
    pub freq_band_plan_group_id: Option<i64>,
    /// `JoinEui`.
    #[serde(default)]
    pub join_eui: Option<String>,
    /// `JoinPermissionEnabled`.
    #[serde(default)]
    pub join_permission_enabled: Option<bool>,
    /// `JoinPermissionId`.
    #[serde(default)]
    pub join_permission_id: Option<String>,
    /// `JoinPermissionName`.
    #[serde(default)]
    pub join_permission_name: Option<String>,
    /// `JoinPermissionOwnerAliyunId`.
    #[serde(default)]
    pub join_permission_owner_aliyun_id: Option<String>,
    /// `JoinPermissionType`.
    #[serde(default)]
    pub join_permission_type: Option<String>,
    /// `Locks`.
    #[serde(default)]
    pub locks: Vec<Lock>,
    /// `NodeGroupId`.
    #[serde(default)]
    pub node_group_id: Option<String>,
    /// `NodeGroupName`.
    #[serde(default)]
    pub node_group_name: Option<String>,
    /// `NodesCnt`.
    #[serde(default)]
    pub nodes_cnt: Option<i64>,
    /// `RxDailySum`.
    #[serde(default)]
    pub rx_daily_sum: Option<i64>,
    /// `RxMonthSum`.
    #[serde(default)]
    pub rx_month_sum: Option<i64>,
    /// `TxDailySum`.
    #[serde(default)]
    pub tx_daily_sum: Option<i64>,
    /// `TxMonthSum`.
    #[serde(default)]
    pub tx_month_sum: Option<i64>,
}

/// `DataDispatchConfig`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DataDispatchConfig {
    /// `Destination`.
    #[serde(default)]
    pub destination: Option<String>,
    /// `IotProduct`.
    #[serde(default)]
    pub iot_product: IotProduct,
    /// `OnsTopics`.
    #[serde(default)]
    pub ons_topics: OnsTopics,
}

/// `IotProduct`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IotProduct {
    /// `DebugSwitch`.
    #[serde(default)]
    pub debug_switch: Option<bool>,
    /// `ProductKey`.
    #[serde(default)]
    pub product_key: Option<String>,
    /// `ProductName`.
    #[serde(default)]
    pub product_name: Option<String>,
    /// `ProductType`.
    #[serde(default)]
    pub product_type: Option<String>,
}

/// `OnsTopics`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OnsTopics {
    /// `DownlinkRegionName`.
    #[serde(default)]
    pub downlink_region_name: Option<String>,
    /// `DownlinkTopic`.
    #[serde(default)]
    pub downlink_topic: Option<String>,
    /// `UplinkRegionName`.
    #[serde(default)]
    pub uplink_region_name: Option<String>,
    /// `UplinkTopic`.
    #[serde(default)]
    pub uplink_topic: Option<String>,
}

/// One lock.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Lock {
    /// `CreateMillis`.
    #[serde(default)]
    pub create_millis: Option<i64>,
    /// `Enabled`.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// `LockId`.
    #[serde(default)]
    pub lock_id: Option<String>,
    /// `LockType`.
    #[serde(default)]
    pub lock_type: Option<String>,
}
