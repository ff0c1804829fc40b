//! The columns a delimited manifest can have: the manifest fields a column can feed, their
//! names in `--map` files and messages, and the header spellings seen in real manifests
//! (`Consignee`, `CONSIGNEE NAME`, `consignee_name`, `CNEE` are one field). Pure data and
//! lookups; reading rows is [`super::csv_manifest`]'s.

use crate::model::PartyRole;

/// A manifest field a column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    BillOfLading,
    MasterBill,
    PartyName(PartyRole),
    PartyAddress(PartyRole),
    PartyCountry(PartyRole),
    PlaceOfReceipt,
    PortOfLoading,
    TransshipmentPorts,
    PortOfDischarge,
    FinalDestination,
    CountryOfOrigin,
    VesselName,
    Imo,
    Voyage,
    Flag,
    ContainerNumber,
    Seal,
    SizeType,
    GoodsDescription,
    HsCode,
    Quantity,
    QuantityUnit,
    GrossWeightKg,
    UnNumber,
    Marks,
    /// A column deliberately left out (mapped to `ignore` in a `--map` file).
    Ignore,
}

fn role_prefix(role: PartyRole) -> &'static str {
    match role {
        PartyRole::Shipper => "shipper",
        PartyRole::Consignee => "consignee",
        PartyRole::NotifyParty => "notify",
        PartyRole::Forwarder => "forwarder",
        PartyRole::Manufacturer => "manufacturer",
        PartyRole::Buyer => "buyer",
        PartyRole::Carrier => "carrier",
        PartyRole::OtherParty => "other_party",
    }
}

const SIMPLE_FIELDS: &[(&str, Field)] = &[
    ("bill_of_lading", Field::BillOfLading),
    ("master_bill", Field::MasterBill),
    ("place_of_receipt", Field::PlaceOfReceipt),
    ("port_of_loading", Field::PortOfLoading),
    ("transshipment_ports", Field::TransshipmentPorts),
    ("port_of_discharge", Field::PortOfDischarge),
    ("final_destination", Field::FinalDestination),
    ("country_of_origin", Field::CountryOfOrigin),
    ("vessel_name", Field::VesselName),
    ("imo", Field::Imo),
    ("voyage", Field::Voyage),
    ("flag", Field::Flag),
    ("container_number", Field::ContainerNumber),
    ("seal", Field::Seal),
    ("size_type", Field::SizeType),
    ("goods_description", Field::GoodsDescription),
    ("hs_code", Field::HsCode),
    ("quantity", Field::Quantity),
    ("quantity_unit", Field::QuantityUnit),
    ("gross_weight_kg", Field::GrossWeightKg),
    ("un_number", Field::UnNumber),
    ("marks", Field::Marks),
    ("ignore", Field::Ignore),
];

impl Field {
    /// The field's name in `--map` files and messages (`consignee_name`).
    pub fn name(self) -> String {
        match self {
            Field::PartyName(r) => format!("{}_name", role_prefix(r)),
            Field::PartyAddress(r) => format!("{}_address", role_prefix(r)),
            Field::PartyCountry(r) => format!("{}_country", role_prefix(r)),
            other => SIMPLE_FIELDS
                .iter()
                .find(|(_, f)| *f == other)
                .map(|(n, _)| n.to_string())
                .unwrap_or_default(),
        }
    }

    /// Every field name a `--map` file may use.
    pub fn all_names() -> Vec<String> {
        let mut names: Vec<String> = PartyRole::ALL
            .iter()
            .flat_map(|&r| {
                [
                    Field::PartyName(r),
                    Field::PartyAddress(r),
                    Field::PartyCountry(r),
                ]
                .map(Field::name)
            })
            .collect();
        names.extend(SIMPLE_FIELDS.iter().map(|(n, _)| n.to_string()));
        names
    }

    /// Parses a field name as written in a `--map` file.
    pub fn from_name(name: &str) -> Option<Field> {
        let name = name.trim().to_ascii_lowercase();
        if let Some((_, f)) = SIMPLE_FIELDS.iter().find(|(n, _)| *n == name) {
            return Some(*f);
        }
        PartyRole::ALL.iter().find_map(|&r| {
            [
                Field::PartyName(r),
                Field::PartyAddress(r),
                Field::PartyCountry(r),
            ]
            .into_iter()
            .find(|f| f.name() == name)
        })
    }
}

/// Header spellings seen in real manifests, by field; compared after [`header_key`].
pub(super) fn alias_table() -> Vec<(Field, &'static [&'static str])> {
    use PartyRole::*;
    vec![
        (
            Field::BillOfLading,
            &[
                "BLNUMBER",
                "BLNO",
                "BL",
                "BILLOFLADING",
                "BILLOFLADINGNUMBER",
                "BOL",
                "BOLNUMBER",
                "BOLNO",
                "HOUSEBILL",
                "HOUSEBL",
                "HBL",
                "HBLNUMBER",
                "HBLNO",
                "BILLNO",
                "BILLNUMBER",
                "BLREF",
                "BLREFERENCE",
                "BILLOFLADINGNO",
                "HOUSEBILLOFLADING",
            ],
        ),
        (
            Field::MasterBill,
            &[
                "MASTERBL",
                "MBL",
                "MBLNUMBER",
                "MBLNO",
                "MASTERBILL",
                "MASTERBILLOFLADING",
                "MASTERBLNUMBER",
            ],
        ),
        (
            Field::PartyName(Shipper),
            &[
                "SHIPPER",
                "SHIPPERNAME",
                "CONSIGNOR",
                "CONSIGNORNAME",
                "EXPORTER",
                "EXPORTERNAME",
                "SHPR",
                "SHIPPERCOMPANY",
            ],
        ),
        (
            Field::PartyAddress(Shipper),
            &[
                "SHIPPERADDRESS",
                "SHIPPERADDR",
                "CONSIGNORADDRESS",
                "EXPORTERADDRESS",
                "SHPRADDRESS",
            ],
        ),
        (
            Field::PartyCountry(Shipper),
            &[
                "SHIPPERCOUNTRY",
                "CONSIGNORCOUNTRY",
                "EXPORTERCOUNTRY",
                "SHPRCOUNTRY",
            ],
        ),
        (
            Field::PartyName(Consignee),
            &[
                "CONSIGNEE",
                "CONSIGNEENAME",
                "CNEE",
                "CNEENAME",
                "IMPORTER",
                "IMPORTERNAME",
                "RECEIVER",
                "RECEIVERNAME",
            ],
        ),
        (
            Field::PartyAddress(Consignee),
            &[
                "CONSIGNEEADDRESS",
                "CONSIGNEEADDR",
                "CNEEADDRESS",
                "IMPORTERADDRESS",
                "RECEIVERADDRESS",
            ],
        ),
        (
            Field::PartyCountry(Consignee),
            &[
                "CONSIGNEECOUNTRY",
                "CNEECOUNTRY",
                "IMPORTERCOUNTRY",
                "RECEIVERCOUNTRY",
            ],
        ),
        (
            Field::PartyName(NotifyParty),
            &[
                "NOTIFY",
                "NOTIFYPARTY",
                "NOTIFYNAME",
                "NOTIFYPARTYNAME",
                "NTFY",
                "NOTIFYPARTY1",
            ],
        ),
        (
            Field::PartyAddress(NotifyParty),
            &["NOTIFYADDRESS", "NOTIFYPARTYADDRESS", "NTFYADDRESS"],
        ),
        (
            Field::PartyCountry(NotifyParty),
            &["NOTIFYCOUNTRY", "NOTIFYPARTYCOUNTRY", "NTFYCOUNTRY"],
        ),
        (
            Field::PartyName(Forwarder),
            &[
                "FORWARDER",
                "FORWARDERNAME",
                "FREIGHTFORWARDER",
                "FWD",
                "FWDNAME",
                "NVOCC",
            ],
        ),
        (
            Field::PartyAddress(Forwarder),
            &["FORWARDERADDRESS", "FREIGHTFORWARDERADDRESS"],
        ),
        (
            Field::PartyCountry(Forwarder),
            &["FORWARDERCOUNTRY", "FREIGHTFORWARDERCOUNTRY"],
        ),
        (
            Field::PartyName(Manufacturer),
            &[
                "MANUFACTURER",
                "MANUFACTURERNAME",
                "MFR",
                "MAKER",
                "PRODUCER",
            ],
        ),
        (
            Field::PartyAddress(Manufacturer),
            &["MANUFACTURERADDRESS", "MFRADDRESS"],
        ),
        (
            Field::PartyCountry(Manufacturer),
            &["MANUFACTURERCOUNTRY", "MFRCOUNTRY"],
        ),
        (
            Field::PartyName(Buyer),
            &["BUYER", "BUYERNAME", "PURCHASER"],
        ),
        (
            Field::PartyAddress(Buyer),
            &["BUYERADDRESS", "PURCHASERADDRESS"],
        ),
        (
            Field::PartyCountry(Buyer),
            &["BUYERCOUNTRY", "PURCHASERCOUNTRY"],
        ),
        (
            Field::PlaceOfReceipt,
            &["PLACEOFRECEIPT", "POR", "RECEIPTPLACE", "PLACEOFACCEPTANCE"],
        ),
        (
            Field::PortOfLoading,
            &[
                "PORTOFLOADING",
                "POL",
                "LOADPORT",
                "LOADINGPORT",
                "PORTOFLOAD",
                "FOREIGNPORTOFLADING",
                "PORTOFLADING",
            ],
        ),
        (
            Field::TransshipmentPorts,
            &[
                "TRANSSHIPMENTPORT",
                "TRANSSHIPMENTPORTS",
                "TRANSHIPMENTPORT",
                "TRANSHIPMENTPORTS",
                "TSPORT",
                "TRANSITPORT",
                "TRANSITPORTS",
                "VIA",
                "TRANSSHIPMENT",
                "TRANSHIPMENT",
            ],
        ),
        (
            Field::PortOfDischarge,
            &[
                "PORTOFDISCHARGE",
                "POD",
                "DISCHARGEPORT",
                "PORTOFUNLOADING",
                "UNLOADINGPORT",
                "PORTOFUNLADING",
            ],
        ),
        (
            Field::FinalDestination,
            &[
                "FINALDESTINATION",
                "PLACEOFDELIVERY",
                "FND",
                "DESTINATION",
                "FINALDEST",
                "DELIVERYPLACE",
                "PLD",
            ],
        ),
        (
            Field::CountryOfOrigin,
            &["COUNTRYOFORIGIN", "ORIGINCOUNTRY", "ORIGIN", "COO"],
        ),
        (
            Field::VesselName,
            &["VESSEL", "VESSELNAME", "SHIP", "SHIPNAME"],
        ),
        (
            Field::Imo,
            &["IMO", "IMONUMBER", "IMONO", "VESSELIMO", "VESSELCODE"],
        ),
        (
            Field::Voyage,
            &["VOYAGE", "VOYAGENO", "VOYAGENUMBER", "VOY", "VOYNO"],
        ),
        (
            Field::Flag,
            &["FLAG", "VESSELFLAG", "FLAGSTATE", "VESSELCOUNTRYCODE"],
        ),
        (
            Field::ContainerNumber,
            &[
                "CONTAINERNO",
                "CONTAINER",
                "CONTAINERNUMBER",
                "CONTAINERID",
                "CNTR",
                "CNTRNO",
                "EQUIPMENTNUMBER",
                "EQUIPMENTNO",
            ],
        ),
        (
            Field::Seal,
            &["SEAL", "SEALNO", "SEALNUMBER", "SEALNUMBERS"],
        ),
        (
            Field::SizeType,
            &[
                "SIZETYPE",
                "CONTAINERSIZETYPE",
                "CONTAINERTYPE",
                "ISOTYPE",
                "EQTYPE",
                "EQUIPMENTTYPE",
            ],
        ),
        (
            Field::GoodsDescription,
            &[
                "GOODSDESCRIPTION",
                "DESCRIPTION",
                "DESCRIPTIONOFGOODS",
                "CARGODESCRIPTION",
                "COMMODITY",
                "COMMODITYDESCRIPTION",
                "GOODS",
                "PRODUCTDESC",
                "PRODUCTDESCRIPTION",
                "CONTENTSDESCRIPTION",
                "CARGO",
            ],
        ),
        (
            Field::HsCode,
            &[
                "HSCODE",
                "HS",
                "HTS",
                "HTSCODE",
                "HARMONIZEDCODE",
                "HARMONIZEDNUMBER",
                "HARMONIZEDSYSTEMCODE",
                "TARIFFCODE",
                "COMMODITYCODE",
                "HSNUMBER",
                "HSCODES",
            ],
        ),
        (
            Field::Quantity,
            &[
                "PACKAGES",
                "QUANTITY",
                "QTY",
                "PKGS",
                "NOOFPACKAGES",
                "NUMBEROFPACKAGES",
                "PIECES",
                "PCS",
                "PACKAGECOUNT",
            ],
        ),
        (
            Field::QuantityUnit,
            &[
                "PACKAGETYPE",
                "PACKAGEUNIT",
                "UNIT",
                "PKGTYPE",
                "QUANTITYUNIT",
                "UOM",
                "PACKAGINGTYPE",
            ],
        ),
        (
            Field::GrossWeightKg,
            &[
                "GROSSWEIGHTKG",
                "GROSSWEIGHT",
                "WEIGHT",
                "WEIGHTKG",
                "GROSSWT",
                "GWKG",
                "GW",
                "KGS",
                "GROSSWEIGHTKGS",
                "GROSSKG",
            ],
        ),
        (
            Field::UnNumber,
            &[
                "UNNUMBER",
                "UNNO",
                "UN",
                "HAZMATUN",
                "UNDG",
                "DGUNNUMBER",
                "IMDGUNNUMBER",
            ],
        ),
        (
            Field::Marks,
            &[
                "MARKS",
                "MARKSANDNUMBERS",
                "MARKSNUMBERS",
                "MARKSNOS",
                "MARKSANDNOS",
                "SHIPPINGMARKS",
            ],
        ),
    ]
}

/// A header reduced to upper-case letters and digits: `Consignee Name`, `CONSIGNEE_NAME` and
/// `consignee-name` are one key.
pub fn header_key(header: &str) -> String {
    crate::text::fold_text(header).replace(' ', "")
}
