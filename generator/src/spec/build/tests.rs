//! Tests of the page → spec stage on small hand-written pages.

use super::*;
use crate::diagnostics::Diagnostics;
use crate::spec::model::{ClientValue, HttpMethod, Location, Member, Style, Type};
use crate::spec::product::EndpointConfig;

fn product(default_version: Option<&str>) -> ProductConfig {
    ProductConfig {
        folder: "x".into(),
        code: "X".into(),
        name: None,
        module: None,
        example: None,
        default_version: default_version.map(str::to_string),
        method: HttpMethod::Post,
        endpoint: EndpointConfig {
            prefix: "x".into(),
            regional: false,
            hosts: Default::default(),
        },
        folders: Default::default(),
        english: Default::default(),
        docs: Default::default(),
        apis: Default::default(),
        exclude: Default::default(),
        overrides: Default::default(),
        waiters: Default::default(),
    }
}

fn spec(text: &str, default_version: Option<&str>) -> (Option<OperationSpec>, Diagnostics) {
    let mut d = Diagnostics::new();
    let page = crate::page::read("x/Foo/2020-01-02_abcdef12.md", text, &mut d);
    let s = build(&page, &product(default_version), &mut d);
    (s, d)
}

fn tree(fields: &[Member]) -> String {
    fields
        .iter()
        .map(|f| {
            if f.members.is_empty() {
                format!("{}:{}", f.name, f.ty)
            } else {
                format!("{}:{}{{{}}}", f.name, f.ty, tree(&f.members))
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn kinds(d: &Diagnostics) -> Vec<&'static str> {
    d.items().iter().map(|d| d.kind).collect()
}

const HEAD: &str = "# Foo\n\n调用Foo。\n\n## 调试\n\n[x](https://api.aliyun.com/#product=X&api=Foo&type=RPC&version=2019-03-01)\n\n";

#[test]
fn version_comes_from_the_link_then_the_product_then_is_an_error() {
    let (s, _) = spec(HEAD, Some("2000-01-01"));
    assert_eq!(s.map(|s| s.version), Some("2019-03-01".into()));
    let (s, _) = spec("# Foo\n\n调用Foo。\n", Some("2000-01-01"));
    let s = s.unwrap();
    assert_eq!(s.version, "2000-01-01");
    assert_eq!(s.source.revision.as_deref(), Some("2020-01-02"));
    let (s, d) = spec("# Foo\n\n调用Foo。\n", None);
    assert!(s.is_none());
    assert_eq!(kinds(&d), ["missing-version"]);
    assert!(d.has_errors());
}

#[test]
fn name_from_the_action_row_when_the_title_is_chinese() {
    let (s, _) = spec("# 新增授权\n\n说明。\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|AddAuth|系统规定参数。|\n", Some("2000-01-01"));
    assert_eq!(s.map(|s| s.name), Some("AddAuth".into()));
    let (s, d) = spec("# 新增授权\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Id|Long|是|1|标识。|\n", Some("2000-01-01"));
    assert!(s.is_none());
    assert_eq!(kinds(&d), ["missing-name"]);
    assert!(d.has_errors());
}

#[test]
fn name_from_a_plain_value_in_the_action_description() {
    let (s, _) = spec("# 查询监控项\n\n说明。\n\n## 请求参数\n\n|名称|类型|必填|描述|\n|--|--|--|--|\n|Action|String|是|系统规定参数，取值：QueryMetricMeta|\n", Some("2000-01-01"));
    assert_eq!(s.map(|s| s.name), Some("QueryMetricMeta".into()));
}

#[test]
fn a_guide_among_api_pages_is_left_out_with_a_warning() {
    let (s, d) = spec("# 通过HTTP上报监控数据\n\n本文介绍配置方法。\n\n## 服务地址\n\n|地域|RegionId|\n|--|--|\n|杭州|cn-hangzhou|\n", Some("2000-01-01"));
    assert!(s.is_none());
    assert_eq!(kinds(&d), ["not-an-api"]);
    assert!(!d.has_errors());
}

const LIST_NODE_GROUPS: &str = "## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|Data|Struct| |d|\n|List|Array of NodeGroup| |l|\n|ClassMode|String|A|c|\n|DataDispatchConfig|Struct| |x|\n|Destination|String|IOT|x|\n|OnsTopics|Struct| |x|\n|DownlinkTopic|String|t|x|\n|UplinkTopic|String|t|x|\n|Locks|Array of Lock| |x|\n|CreateMillis|Long|1|x|\n|LockId|String|1|x|\n|NodeGroupId|String|1|x|\n|TotalCount|Long|10|x|\n|RequestId|String|r|x|\n|Success|Boolean|true|x|\n\n## 示例\n\n正常返回示例\n\n```\n{\"RequestId\":\"r\",\"Data\":{\"TotalCount\":10,\"List\":{\"ClassMode\":\"A\",\"NodeGroupId\":1,\"Locks\":{\"CreateMillis\":1,\"LockId\":1},\"DataDispatchConfig\":{\"Destination\":\"IOT\",\"OnsTopics\":{}}}},\"Success\":true}\n```\n";

#[test]
fn flat_table_is_nested_by_the_example() {
    let (s, d) = spec(&format!("{HEAD}{LIST_NODE_GROUPS}"), None);
    let s = s.unwrap();
    assert_eq!(
        tree(&s.response),
        "Data:struct{List:array<struct>{ClassMode:string,DataDispatchConfig:struct{Destination:string,OnsTopics:struct{DownlinkTopic:string,UplinkTopic:string}},Locks:array<struct>{CreateMillis:long,LockId:string},NodeGroupId:string},TotalCount:long},RequestId:string,Success:boolean"
    );
    assert!(d.items().is_empty(), "{:?}", kinds(&d));
}

#[test]
fn element_rows_make_wrapper_structs() {
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|SecretList|Array of Secret| |l|\n|Secret| | | |\n|Name|String|a|n|\n|Tags|Array of Tag| |t|\n|Tag| | | |\n|TagKey|String|k|k|\n|UpdateTime|String|t|u|\n|TotalCount|Integer|1|c|\n\n## 示例\n\n正常返回示例\n\n```\n{{\"SecretList\":{{\"Secret\":[{{\"Name\":\"a\",\"UpdateTime\":\"t\"}}]}},\"TotalCount\":1}}\n```\n");
    let (s, _) = spec(&page, None);
    assert_eq!(
        tree(&s.unwrap().response),
        "SecretList:struct{Secret:array<struct>{Name:string,Tags:struct{Tag:array<struct>{TagKey:string}},UpdateTime:string}},TotalCount:integer"
    );
}

#[test]
fn an_element_row_keeps_its_wrapper_over_an_example_showing_the_list_bare() {
    // Generated examples show `"Items": [{…}]`; the table's element row says the service wraps
    // the items in `DBInstance`, as RPC answers do.
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|Items|Array of DBInstance| |l|\n|DBInstance| | | |\n|VpcId|String|vpc-1|v|\n|PayType|String|Prepaid|p|\n|PageNumber|Integer|1|n|\n\n## 示例\n\n正常返回示例\n\n```\n{{\"Items\":[{{\"VpcId\":\"vpc-1\",\"PayType\":\"Prepaid\"}}],\"PageNumber\":1}}\n```\n");
    let (s, _) = spec(&page, None);
    assert_eq!(
        tree(&s.unwrap().response),
        "Items:struct{DBInstance:array<struct>{VpcId:string,PayType:string}},PageNumber:integer"
    );
    // An example showing an object where the table says a list: the example's word stands.
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|PageInfos|Array of PageInfoDetail| |l|\n|PageInfoDetail| | | |\n|PageIndex|Long|1|i|\n|Total|Long|3|t|\n\n## 示例\n\n正常返回示例\n\n```\n{{\"PageInfos\":{{\"PageIndex\":1,\"Total\":3}}}}\n```\n");
    let (s, _) = spec(&page, None);
    assert!(
        !tree(&s.unwrap().response).contains("PageInfoDetail:array<struct>{"),
        "the table's wrapper is not forced on an object"
    );
}

#[test]
fn untyped_rows_and_unlisted_example_levels() {
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|Domains| | |l|\n|DomainId|String|a|n|\n|DnsServers| | |s|\n|PageSize|Long|1|c|\n\n## 示例\n\n正常返回示例\n\n```\n{{\"PageSize\":1,\"Domains\":{{\"Domain\":[{{\"DomainId\":\"a\",\"DnsServers\":{{\"DnsServer\":[\"x\"]}}}}]}}}}\n```\n");
    let (s, d) = spec(&page, None);
    assert_eq!(
        tree(&s.unwrap().response),
        "Domains:struct{Domain:array<struct>{DomainId:string,DnsServers:struct{DnsServer:array<string>}}},PageSize:long"
    );
    assert_eq!(kinds(&d), ["type-from-example"]);
}

#[test]
fn child_markers_and_linked_sections() {
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|A|String|a|a|\n|Ike| | |i|\n|└Alg|String|x|x|\n|└Mode|String|x|x|\n|B|String|b|b|\n");
    let (s, _) = spec(&page, None);
    assert_eq!(
        tree(&s.unwrap().response),
        "A:string,Ike:struct{Alg:string,Mode:string},B:string"
    );
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|描述|\n|KeyMetadata|[KeyMetadata](#section_3)|m|\n|RequestId|String|r|\n\n## KeyMetadata {{#section_3 .section}}\n\n|名称|类型|描述|\n|KeyId|String|k|\n|CreationDate|Timestamp|c|\n");
    let (s, d) = spec(&page, None);
    assert_eq!(
        tree(&s.unwrap().response),
        "KeyMetadata:struct{KeyId:string,CreationDate:string},RequestId:string"
    );
    assert!(d.items().is_empty(), "{:?}", kinds(&d));
}

#[test]
fn name_mismatch_and_missing_fields_are_reported() {
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|Data|Struct| |d|\n|NodeId|String|a|a|\n|Extra|String|a|a|\n\n## 示例\n\n正常返回示例\n\n```\n{{\"Data\":{{\"NodeID\":\"a\",\"Other\":1}}}}\n```\n");
    let (s, d) = spec(&page, None);
    assert_eq!(
        tree(&s.unwrap().response),
        "Data:struct{NodeId:string,Other:long},Extra:string"
    );
    assert_eq!(
        kinds(&d),
        ["name-mismatch", "nesting-uncertain", "example-only-field"]
    );
    // An example that disagrees on most keys is probably another API's: nothing is added.
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|A|String|a|a|\n|B|String|a|a|\n|C|String|a|a|\n\n## 示例\n\n正常返回示例\n\n```\n{{\"A\":\"a\",\"X\":1,\"Y\":2,\"Z\":3}}\n```\n");
    let (s, d) = spec(&page, None);
    assert_eq!(tree(&s.unwrap().response), "A:string,B:string,C:string");
    assert_eq!(kinds(&d), ["example-only-field"]);
}

#[test]
fn items_listed_at_the_top_level_go_into_the_example_list() {
    let page = format!("{HEAD}## 返回参数\n\n|名称|类型|描述|\n|AliasName|String|a|\n|KeyId|String|k|\n|TotalCount|Integer|t|\n\n## 示例\n\n```\n//json response\n{{\"Aliases\": {{\"Alias\": [{{\"AliasName\": \"a\", \"KeyId\": \"k\"}}]}}, \"TotalCount\": 1, \"RequestId\": \"r\"}}\n```\n");
    let (s, d) = spec(&page, None);
    assert_eq!(tree(&s.unwrap().response), "Aliases:struct{Alias:array<struct>{AliasName:string,KeyId:string}},TotalCount:integer,RequestId:string");
    assert_eq!(kinds(&d), ["example-only-field"]);
}

#[test]
fn misspelt_fields_are_reported_once() {
    assert_eq!(
        super::nesting::edit_distance_for_tests("ReionId", "RegionId"),
        1
    );
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|ReionId|String|a|a|\n|VpcId|String|a|a|\n\n## 示例\n\n```\n{{\"RegionId\":\"a\",\"VpcId\":\"v\"}}\n```\n");
    let (s, d) = spec(&page, None);
    assert_eq!(tree(&s.unwrap().response), "ReionId:string,VpcId:string");
    assert_eq!(kinds(&d), ["name-mismatch"]);
}

#[test]
fn bare_lists_take_their_item_from_the_example_cell() {
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|Values|List|[\"daily\"]|v|\n|VersionStages|List|{{ \"VersionStage\": [ \"ACSCurrent\" ] }}|s|\n|Ttls| |[600, 1800]|t|\n");
    let (s, _) = spec(&page, None);
    assert_eq!(tree(&s.unwrap().response), "Values:array<string>,VersionStages:struct{VersionStage:array<string>},Ttls:struct{Ttl:array<long>}");
}

#[test]
fn seed_like_page_reads_fully() {
    let page = format!("{HEAD}## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Action|String|是|Foo|x|\n|Id|Long|是|1|x|\n\n## 示例\n\n请求示例\n\n```\nhttp(s)://x.cn-shanghai.aliyuncs.com/?Action=Foo\n&Id=1\n&<公共请求参数>\n```\n\n## 错误码\n\n|HttpCode|错误码|错误信息|描述|\n|--|--|--|--|\n|400|Forbidden.RAM|m|d|\n|400|Forbidden.RAM|m|d|\n");
    let (s, d) = spec(&page, None);
    let s = s.unwrap();
    assert!(d.items().is_empty());
    assert_eq!(s.endpoint.as_deref(), Some("x.cn-shanghai.aliyuncs.com"));
    assert_eq!(s.request.len(), 1);
    assert_eq!(s.request[0].ty, Type::Long);
    assert_eq!(s.errors.len(), 1);
    assert_eq!(s.errors[0].http_status, Some(400));
    let params = &s.examples.request.as_ref().unwrap().params;
    assert_eq!(params.get("Id").map(String::as_str), Some("1"));
    assert!(!params.contains_key("Action"));
}

#[test]
fn deep_or_huge_pages_stay_bounded() {
    let mut rows = String::new();
    for i in 0..3000 {
        rows.push_str(&format!("|S{i:05}|Struct| |d|\n"));
    }
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n{rows}\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|{}|String|否|a|a|\n\n## 示例\n\n```\n{}{}\n```\n", "A.".repeat(5000) + "B", "<a>".repeat(5000), "</a>".repeat(5000));
    let (s, d) = spec(&page, None);
    assert!(s.is_some());
    assert!(d.items().iter().any(|d| d.kind == "parameter-name"));
    assert!(d.items().iter().any(|d| d.kind == "example-xml"));
}

#[test]
fn a_row_between_shown_siblings_stays_with_them() {
    // `Description` is not in the example; `Type` after it is, in the same item. Two names in
    // order (`ServerId`, `Weight`) say nothing about where `Description` goes.
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|LoadBalancerId|String|lb|l|\n|BackendServers|Array of BackendServer| |b|\n|BackendServer| | | |\n|ServerId|String|i|s|\n|Weight|String|100|w|\n|Description|String|d|d|\n|Type|String|ecs|t|\n|RequestId|String|r|r|\n\n## 示例\n\n正常返回示例\n\n```\n{{\"RequestId\":\"r\",\"LoadBalancerId\":\"lb\",\"BackendServers\":{{\"BackendServer\":[{{\"ServerId\":\"i\",\"Weight\":100,\"Type\":\"ecs\"}}]}}}}\n```\n");
    let (s, _) = spec(&page, None);
    assert_eq!(
        tree(&s.unwrap().response),
        "LoadBalancerId:string,BackendServers:struct{BackendServer:array<struct>{ServerId:string,Weight:string,Description:string,Type:string}},RequestId:string"
    );
}

#[test]
fn an_example_of_containers_only_is_the_body_not_the_first_containers_inside() {
    // No `RequestId` in the example, and its one key is a later row: it is still the body,
    // not the inside of `Headers`, so `Result` keeps its example (and the `zone` it shows).
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|Headers|Struct| |h|\n|X-Total-Count|Integer|10|t|\n|RequestId|String|r|r|\n|Result|Array of Instance| |l|\n|instanceId|String|es-1|i|\n|status|String|active|s|\n\n## 示例\n\n正常返回示例\n\n```\n{{\"Result\":[{{\"instanceId\":\"es-1\",\"status\":\"active\",\"zone\":\"a\"}}]}}\n```\n");
    let (s, _) = spec(&page, None);
    assert_eq!(
        tree(&s.unwrap().response),
        "Headers:struct{X-Total-Count:integer},RequestId:string,Result:array<struct>{instanceId:string,status:string,zone:string}"
    );
}

#[test]
fn a_list_wrapper_takes_no_member_besides_its_items() {
    // `Message` is not in the example and breaks the items' alphabetical order: it leaves the
    // items, and the wrapper `Alarms`, which holds nothing but the row naming them.
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|r|\n|Alarms|Array of Alarm| |l|\n|Alarm| | | |\n|GroupId|String|1|g|\n|RuleId|String|a|r|\n|Message|String|m|m|\n\n## 示例\n\n正常返回示例\n\n```\n{{\"RequestId\":\"r\",\"Alarms\":{{\"Alarm\":[{{\"GroupId\":\"1\",\"RuleId\":\"a\"}}]}}}}\n```\n");
    let (s, _) = spec(&page, None);
    assert_eq!(
        tree(&s.unwrap().response),
        "RequestId:string,Alarms:struct{Alarm:array<struct>{GroupId:string,RuleId:string}},Message:string"
    );
}

#[test]
fn a_page_without_a_response_table_takes_its_response_from_the_example() {
    let page = format!("{HEAD}## 返回示例\n\n```\n{{\"Foo\":{{\"RequestId\":\"r\",\"Count\":1,\"Items\":{{\"Item\":[{{\"Id\":\"a\"}}]}}}}}}\n```\n");
    let (s, d) = spec(&page, None);
    let s = s.unwrap();
    // The example is wrapped in the action's name, `Foo`: read from inside it.
    assert_eq!(
        tree(&s.response),
        "Count:long,Items:struct{Item:array<struct>{Id:string}},RequestId:string"
    );
    assert!(
        kinds(&d).contains(&"response-from-example"),
        "{:?}",
        kinds(&d)
    );
}

#[test]
fn tables_captioned_with_a_text_field_document_its_content_not_members() {
    // `Config` is JSON text: the tables captioned `Config参数说明` and `ports参数说明` say what
    // the text holds. They become part of its docs, and no member of the response.
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|r|\n|Config|String|{{}}|容器配置。JSON格式字符串。|\n\n**Config参数说明**\n\n|名称|类型|描述|\n|--|--|--|\n|privileged|Integer|特权模式。|\n|ports|List|端口映射。|\n\n**ports参数说明**\n\n|名称|类型|描述|\n|--|--|--|\n|hostPort|Integer|宿主机端口。|\n\n## 示例\n\n正常返回示例\n\n```\n{{\"RequestId\":\"r\",\"Config\":\"{{}}\"}}\n```\n");
    let (s, _) = spec(&page, None);
    let s = s.unwrap();
    assert_eq!(tree(&s.response), "RequestId:string,Config:string");
    let config = &s.response[1].description;
    assert!(
        config.contains("`Config`:\n\n- `privileged` (integer): 特权模式。"),
        "{config}"
    );
    assert!(
        config.contains("`ports`:\n\n- `hostPort` (integer): 宿主机端口。"),
        "{config}"
    );
}

#[test]
fn a_caption_naming_a_struct_field_still_lists_its_members() {
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|r|\n|Data|Struct| |d|\n\n**Data参数说明**\n\n|名称|类型|描述|\n|--|--|--|\n|Id|String|i|\n");
    let (s, _) = spec(&page, None);
    assert_eq!(
        tree(&s.unwrap().response),
        "RequestId:string,Data:struct{Id:string}"
    );
}

#[test]
fn a_row_does_not_close_into_an_object_that_already_has_its_name() {
    // No example of `Rules`: `Domain` breaks the order of `RuleId`, `RuleName`, but the
    // response already has a `Domain`, so the row stays in the item; and `VServerGroupId`,
    // which the example shows in the response, is the item's too, for the same reason.
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|Domain|String|a|d|\n|VServerGroupId|String|v|v|\n|Rules|Array| |r|\n|RuleId|String|1|i|\n|RuleName|String|n|n|\n|Domain|String|a|d|\n|VServerGroupId|String|v|v|\n\n## 示例\n\n正常返回示例\n\n```\n{{\"Domain\":\"a\",\"VServerGroupId\":\"v\"}}\n```\n");
    let (s, d) = spec(&page, None);
    assert_eq!(
        tree(&s.unwrap().response),
        "Domain:string,VServerGroupId:string,Rules:array<struct>{RuleId:string,RuleName:string,Domain:string,VServerGroupId:string}"
    );
    assert!(!kinds(&d).contains(&"duplicate-field"), "{:?}", kinds(&d));
}

#[test]
fn a_field_named_only_in_prose_is_read_from_the_example() {
    let page = format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|r|\n\n返回数据中还包括Result参数，参数说明请参见[ListLogstash](~~160534~~)。\n\n## 示例\n\n正常返回示例\n\n```\n{{\"RequestId\":\"r\",\"Result\":{{\"instanceId\":\"ls-1\",\"nodeSpec\":{{\"disk\":20}}}}}}\n```\n");
    let (s, d) = spec(&page, None);
    let s = s.unwrap();
    assert_eq!(
        tree(&s.response),
        "RequestId:string,Result:struct{instanceId:string,nodeSpec:struct{disk:long}}"
    );
    assert!(s.response[1].description.contains("ListLogstash"));
    assert!(kinds(&d).contains(&"field-from-example"), "{:?}", kinds(&d));
    // Without the example it cannot be typed: reported, not guessed.
    let bare = page.split("## 示例").next().unwrap_or_default().to_string();
    let (s, d) = spec(&bare, None);
    assert_eq!(tree(&s.unwrap().response), "RequestId:string");
    assert!(kinds(&d).contains(&"field-not-shown"), "{:?}", kinds(&d));
}

#[test]
fn a_request_table_without_the_required_column_documents_a_value_not_parameters() {
    let page = format!("{HEAD}## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|Address|String|是|a|地址。|\n|OptionsJson|String|否|{{}}|扩展选项。|\n\n高级参数的设置方法如下表所示。\n\n-   HTTP\n\n|参数|类型|描述|\n|--|--|--|\n|http\\_method|String|请求方式。|\n|time\\_out|int|超时时间。|\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|r|\n");
    let (s, _) = spec(&page, None);
    let s = s.unwrap();
    let names: Vec<&str> = s.request.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Address", "OptionsJson"]);
    assert!(
        s.description
            .contains("高级参数的设置方法如下表所示。\n\n-   HTTP\n\n| 参数 | 类型 | 描述 |"),
        "{}",
        s.description
    );
    assert!(
        s.description
            .contains("| http_method | String | 请求方式。 |"),
        "{}",
        s.description
    );
}

#[test]
fn a_captioned_request_table_under_a_text_parameter_documents_it() {
    // `ContainerConfig` is JSON text; its caption table (with a 是否必需 column of its own) and
    // the table of a name inside it are docs, not parameters.
    let page = format!("{HEAD}## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|DriverId|String|是|d|驱动ID。|\n|ContainerConfig|String|否|{{}}|容器配置。|\n\n**ContainerConfig参数说明**\n\n|名称|类型|是否必需|描述|\n|--|--|--|--|\n|privileged|Integer|否|特权模式。|\n|portMappings|List|否|端口映射。|\n\n**portMappings参数说明**\n\n|名称|类型|是否必需|描述|\n|--|--|--|--|\n|hostPort|Integer|是|宿主机端口。|\n\n## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|r|\n");
    let (s, _) = spec(&page, None);
    let s = s.unwrap();
    let names: Vec<&str> = s.request.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["DriverId", "ContainerConfig"]);
    assert!(
        s.description.contains("**ContainerConfig参数说明**"),
        "{}",
        s.description
    );
    assert!(
        s.description
            .contains("| hostPort | Integer | 是 | 宿主机端口。 |"),
        "{}",
        s.description
    );
}

#[test]
fn a_list_the_example_wraps_is_a_struct_around_the_list() {
    // The table gives the list (`List` with a list example, or `Array of String`); the example
    // shows the wrapper the service sends.
    let page = HEAD.to_string()
        + "## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|InstanceIdSets|List|[\"i-1\", \"i-2\"]|实例ID列表。 |\n|Zones|Array of String| |可用区。 |\n|RequestId|String|r|请求ID。 |\n\n## 示例\n\n正常返回示例\n\n```\n{\"InstanceIdSets\": {\"InstanceIdSet\": [\"i-1\", \"i-2\"]}, \"Zones\": {\"Zone\": [\"a\"]}, \"RequestId\": \"r\"}\n```\n";
    let (s, _) = spec(&page, None);
    assert_eq!(
        tree(&s.expect("a spec").response),
        "InstanceIdSets:struct{InstanceIdSet:array<string>},Zones:struct{Zone:array<string>},RequestId:string"
    );
}

#[test]
fn a_whole_http_response_example_is_read_and_an_undocumented_envelope_seen_through() {
    // `HTTP/1.1 200 OK` and headers before the body, and a `code`/`data` envelope that the
    // table does not list: the table's fields are what `data` holds.
    let page = HEAD.to_string()
        + "## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n|RequestId|String|r|请求ID。 |\n|Calls|Array of Call| |列表。 |\n|Id|String|c1|ID。 |\n|Total|Integer|1|总数。 |\n\n## 示例\n\n正常返回示例\n\n`JSON`格式\n\n```\nHTTP/1.1 200 OK\nContent-Type:application/json\n\n{\n  \"code\" : 200,\n  \"data\" : {\n    \"RequestId\" : \"r\",\n    \"Calls\" : [ { \"Id\" : \"c1\" } ],\n    \"Total\" : 1\n  }\n}\n```\n";
    let (s, d) = spec(&page, None);
    let s = s.expect("a spec");
    assert_eq!(
        tree(&s.response),
        "RequestId:string,Calls:array<struct>{Id:string},Total:integer",
        "{:?}",
        kinds(&d)
    );
    assert!(s
        .examples
        .json
        .as_deref()
        .is_some_and(|j| j.starts_with('{')));
}

#[test]
fn a_version_that_is_not_a_date_is_a_located_error() {
    // It would become a directory of the spec files and a module name.
    let page = "# CI\n\n调用CI。\n\n## 调试\n\n[x](https://api.aliyun.com/#product=X&api=CI&type=RPC&version=2019-03-01/../../../../.github/workflows)\n";
    let (s, d) = spec(page, None);
    assert!(s.is_none());
    let error = d
        .items()
        .iter()
        .find(|d| d.kind == "invalid-version")
        .expect("an invalid-version error");
    assert_eq!(error.location.line, 7);
    assert!(error.message.contains("../"), "{}", error.message);
    assert!(is_version("2019-03-01"));
    assert!(!is_version("2019-3-01") && !is_version("20190301") && !is_version("2019-03-0a"));
}

#[test]
fn a_url_example_with_a_resource_path_gives_the_roa_path_on_a_page_without_link_or_syntax() {
    let page = |url: &str| {
        format!("# Foo\n\n调用Foo。\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|projectName|String|是|p1|项目名称|\n|path|String|是|/a|路径|\n\n## 请求示例\n\n```\n{url}\n&<公共请求参数>\n```\n")
    };
    let (s, d) = spec(
        &page("http(s)://[Endpoint]/api/v2/projects/[projectName]/folders"),
        Some("2018-11-11"),
    );
    let s = s.unwrap();
    assert_eq!(s.http.style, Style::Roa);
    assert_eq!(s.http.method, HttpMethod::Post);
    assert_eq!(
        s.http.path.as_deref(),
        Some("/api/v2/projects/[projectName]/folders")
    );
    assert_eq!(s.request[0].location, Some(Location::Path));
    assert!(kinds(&d).contains(&"method-not-on-page"), "{:?}", kinds(&d));
    // An RPC example (`Action=`), or a URL on another site, says nothing of the kind.
    for url in [
        "http(s)://[Endpoint]/?Action=Foo&projectName=p1",
        "https://g.alicdn.com/aliyun/console/index.html",
    ] {
        let (s, d) = spec(&page(url), Some("2018-11-11"));
        assert_eq!(s.unwrap().http.style, Style::Rpc, "{url}");
        assert!(!kinds(&d).contains(&"method-not-on-page"), "{url}");
    }
}

#[test]
fn a_region_id_query_parameter_takes_the_clients_region() {
    let page = format!(
        "{HEAD}## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|--|--|--|\n|RegionId|String|是|cn-hangzhou|地域。|\n|ZoneRegionId|String|否|cn-hangzhou-a|可用区。|\n"
    );
    let (s, _) = spec(&page, None);
    let s = s.expect("a spec");
    let region = s
        .request
        .iter()
        .find(|m| m.name == "RegionId")
        .expect("RegionId");
    assert_eq!(region.from_client, Some(ClientValue::Region));
    assert!(region.required, "the page's word stays");
    let other = s
        .request
        .iter()
        .find(|m| m.name == "ZoneRegionId")
        .expect("ZoneRegionId");
    assert_eq!(other.from_client, None);
}

#[test]
fn an_explorer_link_copied_from_another_api_is_outvoted() {
    // nas ModifyFileSystem (2019): the explorer link names DescribeMountTargets; the title, the
    // Action row and the request example say ModifyFileSystem.
    let (s, d) = spec("# ModifyFileSystem\n\n## Debugging\n\n[OpenAPI Explorer](https://api.aliyun.com/#product=NAS&api=DescribeMountTargets)\n\n## Request parameters\n\n|Parameter name|Type|Required|Example|Description|\n|--|--|--|--|--|\n|Action|String|Yes|ModifyFileSystem|Value: ModifyFileSystem.|\n", Some("2017-06-26"));
    assert_eq!(s.map(|s| s.name), Some("ModifyFileSystem".into()));
    assert!(kinds(&d).contains(&"name-mismatch"));
}

#[test]
fn a_lower_cased_title_takes_a_capitalised_spelling() {
    // cdn (2018): the title `Describecdndomaindetail`, the Action row `DescribeCdnDomainDetail`.
    let (s, _) = spec("# Describecdndomaindetail\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|--|--|--|--|--|\n|Action|String|Yes|Describecdndomaindetail|The operation.|\n|DomainName|String|Yes|example.com|The domain.|\n\n## Examples\n\n```\nhttp(s)://cdn.aliyuncs.com/?Action=DescribeCdnDomainDetail\n&DomainName=example.com\n```\n", Some("2018-05-10"));
    assert_eq!(s.map(|s| s.name), Some("DescribeCdnDomainDetail".into()));
}

#[test]
fn a_lower_camel_name_from_the_explorer() {
    // elasticsearch createInstance: so named by its explorer link and the SDKs.
    let (s, _) = spec("# createInstance\n\n## Debugging\n\n[x](https://api.aliyun.com/#product=elasticsearch&api=createInstance&type=ROA&version=2017-06-13)\n\n## Request syntax\n\n```\nPOST /openapi/instances HTTP/1.1\n```\n", None);
    assert_eq!(s.map(|s| s.name), Some("createInstance".into()));
}

fn response_of(rows: &str, example: Option<&str>) -> String {
    let example = example.map_or(String::new(), |e| {
        format!("\n\n## 示例\n\n正常返回示例\n\n```\n{e}\n```\n")
    });
    let page =
        format!("{HEAD}## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|--|--|\n{rows}{example}");
    let (s, _) = spec(&page, None);
    tree(&s.unwrap().response)
}

#[test]
fn dotted_row_names_nest_into_the_container_they_name() {
    // No example: `Instances.Id` names its container, a plural one at the response's own
    // level, read as the list wrapper the untyped plural rows are.
    assert_eq!(
        response_of("|RequestId|String|r|r|\n|Instances.Id|Long|1|i|\n|Instances.JobName|String|j|j|\n|TotalCount|Integer|1|t|\n", None),
        "RequestId:string,Instances:struct{Instance:array<struct>{Id:long,JobName:string}},TotalCount:integer"
    );
    // The container has a row of its own: the dotted rows go into it, not a second level.
    assert_eq!(
        response_of("|RequestId|String|r|r|\n|PlanJsonInfo| | |p|\n|PlanJsonInfo.Status|String|ok|s|\n|PlanJsonInfo.PlanJson|String|p|p|\n", None),
        "RequestId:string,PlanJsonInfo:struct{Status:string,PlanJson:string}"
    );
    // Inside a list item a plural prefix names an object.
    assert_eq!(
        response_of("|RequestId|String|r|r|\n|Items|Array of Item| |l|\n|Id|String|a|i|\n|PoolOptions.Id|String|p|p|\n|PoolOptions.Match|String|m|m|\n", None),
        "RequestId:string,Items:array<struct>{Id:string,PoolOptions:struct{Id:string,Match:string}}"
    );
    // The example writes the key whole: the service sends it so, and the member keeps it.
    assert_eq!(
        response_of(
            "|RequestId|String|r|r|\n|Disks.Size|Integer|1|s|\n",
            Some("{\"RequestId\":\"r\",\"Disks.Size\":1}")
        ),
        "RequestId:string,Disks.Size:integer"
    );
}

#[test]
fn a_dot_in_a_key_beside_a_value_row_or_before_a_lower_case_word_is_kept() {
    assert_eq!(
        response_of("|RequestId|String|r|r|\n|NameDesc|String|a|d|\n|NameDesc.En|String|b|e|\n|CityName.en|String|c|c|\n", None),
        "RequestId:string,NameDesc:string,NameDesc.En:string,CityName.en:string"
    );
}

#[test]
fn one_member_says_nothing_of_order_in_a_table_that_is_not_sorted() {
    // `Roles` sorts before `UserId`, the one member so far; the table lists rows in its own
    // order, so `Roles` and `Location` are members of the item all the same.
    assert_eq!(
        response_of("|RequestId|String|r|r|\n|Users|Array of User| |u|\n|UserId|String|u|u|\n|Roles|String|s|r|\n|Location|String|l|l|\n", Some("{\"RequestId\":\"r\"}")),
        "RequestId:string,Users:array<struct>{UserId:string,Roles:string,Location:string}"
    );
    // A sorted table steps back where a container ends: `Charlie` after `Name` leaves `Beta`.
    assert_eq!(
        response_of("|Alpha|String|a|a|\n|Beta|Struct| |b|\n|Name|String|n|n|\n|Charlie|String|c|c|\n|Delta|String|d|d|\n|Echo|String|e|e|\n", Some("{\"Alpha\":\"a\"}")),
        "Alpha:string,Beta:struct{Name:string},Charlie:string,Delta:string,Echo:string"
    );
    // The container's example is shown without the row: one member is evidence again.
    assert_eq!(
        response_of("|Type|String|a|t|\n|Locks|Struct| |l|\n|LockReason|String|f|r|\n|InstanceId|String|i|i|\n|RequestId|String|r|r|\n", Some("{\"Type\":\"a\",\"Locks\":{\"LockReason\":\"f\"},\"RequestId\":\"r\"}")),
        "Type:string,Locks:struct{LockReason:string},InstanceId:string,RequestId:string"
    );
}

#[test]
fn a_container_of_header_names_takes_no_body_field() {
    assert_eq!(
        response_of("|Headers|Struct| |h|\n|X-Total-Count|Integer|10|t|\n|PageSize|Integer|1|p|\n|RequestId|String|r|r|\n", None),
        "Headers:struct{X-Total-Count:integer},PageSize:integer,RequestId:string"
    );
}

#[test]
fn an_empty_row_named_as_the_item_of_a_value_list_names_its_items() {
    // `CenIds` holds a value (its example cell); `CenId` after it, untyped and empty, names
    // its items and opens no container: `Description` stays in the package.
    assert_eq!(
        response_of("|RequestId|String|r|r|\n|Packages|Array of Package| |p|\n|Bandwidth|Long|2|b|\n|CenIds| |cen-1|c|\n|CenId| | |c|\n|Description|String|d|d|\n|Name|String|n|n|\n", None),
        "RequestId:string,Packages:array<struct>{Bandwidth:long,CenIds:struct{CenId:array<string>},Description:string,Name:string}"
    );
}

#[test]
fn an_empty_list_in_the_example_still_shows_the_wrapper() {
    // `{"DnatEntry": []}`: the wrapper the table does not list; the rows are its items' fields.
    assert_eq!(
        response_of("|RequestId|String|r|r|\n|DnatEntries| | |d|\n|DnatEntryId|String|d|i|\n|ExternalIp|String|1.1.1.1|e|\n", Some("{\"RequestId\":\"r\",\"DnatEntries\":{\"DnatEntry\":[]}}")),
        "RequestId:string,DnatEntries:struct{DnatEntry:array<struct>{DnatEntryId:string,ExternalIp:string}}"
    );
}
