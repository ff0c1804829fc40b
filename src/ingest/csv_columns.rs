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

/// Header spellings seen in real manifests, by field; compared after [`header_key`], so that
/// they may be written as agents write them.
pub(super) fn alias_table() -> Vec<(Field, &'static [&'static str])> {
    let mut table = key_aliases();
    table.extend(written_aliases());
    table
}

/// Headings as agents write them in English, French, Spanish, German, Russian and Arabic
/// (`B/L No.`, `Poids brut (kg)`, `Empfänger`, `Грузополучатель`, `المرسل إليه`).
fn written_aliases() -> Vec<(Field, &'static [&'static str])> {
    use PartyRole::*;
    vec![
        (
            Field::BillOfLading,
            &[
                "B/L No.",
                "B/L Number",
                "B/L #",
                "N° B/L",
                "N° connaissement",
                "Numéro de connaissement",
                "Connaissement",
                "Nº B/L",
                "Número de B/L",
                "Conocimiento de embarque",
                "Nº conocimiento",
                "B/L-Nr.",
                "Konnossement",
                "Konnossementnummer",
                "Коносамент",
                "Номер коносамента",
                "№ коносамента",
                "بوليصة الشحن",
                "رقم بوليصة الشحن",
            ],
        ),
        (
            Field::PartyName(Shipper),
            &[
                "Shipper Name and Address",
                "Expéditeur",
                "Chargeur",
                "Exportateur",
                "Embarcador",
                "Remitente",
                "Cargador",
                "Exportador",
                "Absender",
                "Versender",
                "Verlader",
                "Отправитель",
                "Грузоотправитель",
                "Экспортер",
                "المرسل",
                "الشاحن",
                "المصدر",
            ],
        ),
        (
            Field::PartyAddress(Shipper),
            &[
                "Adresse expéditeur",
                "Adresse du chargeur",
                "Dirección del embarcador",
                "Dirección del remitente",
                "Absender Adresse",
                "Versender Adresse",
                "Адрес отправителя",
                "Адрес грузоотправителя",
                "عنوان المرسل",
                "عنوان الشاحن",
            ],
        ),
        (
            Field::PartyName(Consignee),
            &[
                "Consignee Name and Address",
                "Destinataire",
                "Importateur",
                "Consignataire",
                "Consignatario",
                "Destinatario",
                "Importador",
                "Empfänger",
                "Importeur",
                "Получатель",
                "Грузополучатель",
                "Импортер",
                "المرسل إليه",
                "المستلم",
                "المستورد",
            ],
        ),
        (
            Field::PartyAddress(Consignee),
            &[
                "Adresse destinataire",
                "Adresse du destinataire",
                "Dirección del consignatario",
                "Dirección del destinatario",
                "Empfänger Adresse",
                "Адрес получателя",
                "Адрес грузополучателя",
                "عنوان المرسل إليه",
                "عنوان المستلم",
            ],
        ),
        (
            Field::PartyName(NotifyParty),
            &[
                "Notify Party Name",
                "Partie à notifier",
                "Notifier",
                "Adresse de notification",
                "Notificar a",
                "Parte a notificar",
                "Notificado",
                "Meldeadresse",
                "Benachrichtigen",
                "Уведомить",
                "Уведомляемая сторона",
                "جهة الإخطار",
                "الطرف المخطر",
            ],
        ),
        (
            Field::GoodsDescription,
            &[
                "Description of Goods",
                "Description of Packages and Goods",
                "Désignation des marchandises",
                "Description des marchandises",
                "Nature des marchandises",
                "Marchandises",
                "Descripción de la mercancía",
                "Descripción de mercancías",
                "Mercancía",
                "Warenbeschreibung",
                "Ware",
                "Bezeichnung der Ware",
                "Описание груза",
                "Наименование товара",
                "Наименование груза",
                "Товар",
                "وصف البضاعة",
                "وصف البضائع",
                "البضاعة",
            ],
        ),
        (
            Field::HsCode,
            &[
                "HS Code No.",
                "H.S. Code",
                "Code SH",
                "Nomenclature",
                "Position tarifaire",
                "Code douanier",
                "Código SA",
                "Código arancelario",
                "Partida arancelaria",
                "Fracción arancelaria",
                "Zolltarifnummer",
                "Warentarifnummer",
                "HS-Code",
                "Код ТН ВЭД",
                "ТН ВЭД",
                "Код ТНВЭД",
                "رمز النظام المنسق",
                "البند الجمركي",
                "رمز التعريفة",
            ],
        ),
        (
            Field::GrossWeightKg,
            &[
                "Gross Weight (KGS)",
                "Gross Weight (KG)",
                "G.W. (KGS)",
                "Poids brut (kg)",
                "Poids brut",
                "Peso bruto (kg)",
                "Peso bruto",
                "Bruttogewicht",
                "Bruttogewicht kg",
                "Bruttogewicht (kg)",
                "Вес брутто",
                "Вес брутто (кг)",
                "Масса брутто",
                "الوزن الإجمالي",
                "الوزن القائم",
            ],
        ),
        (
            Field::Quantity,
            &[
                "No. of Pkgs",
                "No. of Packages",
                "Number of Pkgs",
                "Nombre de colis",
                "Nbre colis",
                "Colis",
                "Número de bultos",
                "Bultos",
                "Cantidad de bultos",
                "Anzahl Packstücke",
                "Packstücke",
                "Anzahl",
                "Количество мест",
                "Мест",
                "Кол-во мест",
                "عدد الطرود",
                "عدد العبوات",
            ],
        ),
        (
            Field::QuantityUnit,
            &[
                "Type de colis",
                "Tipo de bulto",
                "Packstückart",
                "Вид упаковки",
                "نوع العبوة",
            ],
        ),
        (
            Field::ContainerNumber,
            &[
                "Container No.",
                "Container #",
                "Cntr No.",
                "N° conteneur",
                "Conteneur",
                "Nº contenedor",
                "Contenedor",
                "Containernummer",
                "Container-Nr.",
                "Номер контейнера",
                "Контейнер",
                "رقم الحاوية",
                "الحاوية",
            ],
        ),
        (
            Field::Seal,
            &[
                "Seal No.",
                "N° plomb",
                "Plomb",
                "Scellé",
                "Precinto",
                "Sello",
                "Nº precinto",
                "Plombe",
                "Plombennummer",
                "Siegel",
                "Пломба",
                "Номер пломбы",
                "رقم الختم",
                "الختم",
            ],
        ),
        (
            Field::PortOfLoading,
            &[
                "Port de chargement",
                "Port d'embarquement",
                "Puerto de carga",
                "Puerto de embarque",
                "Ladehafen",
                "Verladehafen",
                "Порт погрузки",
                "ميناء الشحن",
                "ميناء التحميل",
            ],
        ),
        (
            Field::PortOfDischarge,
            &[
                "Port de déchargement",
                "Port de débarquement",
                "Puerto de descarga",
                "Puerto de desembarque",
                "Löschhafen",
                "Entladehafen",
                "Порт выгрузки",
                "ميناء التفريغ",
                "ميناء الوصول",
            ],
        ),
        (
            Field::TransshipmentPorts,
            &[
                "Port de transbordement",
                "Puerto de transbordo",
                "Umschlaghafen",
                "Порт перевалки",
                "ميناء المسافنة",
            ],
        ),
        (
            Field::FinalDestination,
            &[
                "Destination finale",
                "Lieu de livraison",
                "Destino final",
                "Lugar de entrega",
                "Bestimmungsort",
                "Место назначения",
                "الوجهة النهائية",
            ],
        ),
        (
            Field::CountryOfOrigin,
            &[
                "Pays d'origine",
                "País de origen",
                "Ursprungsland",
                "Страна происхождения",
                "بلد المنشأ",
            ],
        ),
        (
            Field::VesselName,
            &[
                "Vessel / Voyage Name",
                "Navire",
                "Buque",
                "Nave",
                "Schiff",
                "Судно",
                "السفينة",
                "اسم السفينة",
            ],
        ),
        (
            Field::Voyage,
            &[
                "Voyage No.",
                "N° de voyage",
                "Viaje",
                "Reise",
                "Reisenummer",
                "Рейс",
                "رقم الرحلة",
            ],
        ),
        (
            Field::Marks,
            &[
                "Marks & Nos.",
                "Marks and Nos.",
                "Marques",
                "Marques et numéros",
                "Marcas",
                "Marcas y números",
                "Markierungen",
                "Zeichen und Nummern",
                "Маркировка",
                "العلامات",
                "العلامات والأرقام",
            ],
        ),
    ]
}

/// The alias table's first part, written as keys.
fn key_aliases() -> Vec<(Field, &'static [&'static str])> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Every heading read as its key names one field: a heading two fields claimed would be
    /// read as whichever came last.
    #[test]
    fn no_heading_names_two_fields() {
        let mut seen: HashMap<String, Field> = HashMap::new();
        for (field, keys) in alias_table() {
            for k in keys {
                let key = header_key(k);
                assert!(!key.is_empty(), "{k:?} folds to nothing");
                if let Some(other) = seen.insert(key.clone(), field) {
                    assert_eq!(other, field, "{k:?} ({key}) names {other:?} and {field:?}");
                }
            }
        }
    }

    fn field_of(heading: &str) -> Option<Field> {
        let key = header_key(heading);
        alias_table()
            .into_iter()
            .find(|(_, keys)| keys.iter().any(|k| header_key(k) == key))
            .map(|(f, _)| f)
    }

    /// Headings from agents' workbooks, per language, to the field each names.
    #[test]
    fn headings_agents_write_in_six_languages() {
        use PartyRole::*;
        let cases: &[(&str, Field)] = &[
            // English, as agents abbreviate it.
            ("B/L No.", Field::BillOfLading),
            ("Description of Goods", Field::GoodsDescription),
            ("Gross Weight (KGS)", Field::GrossWeightKg),
            ("No. of Pkgs", Field::Quantity),
            ("Container No.", Field::ContainerNumber),
            // French.
            ("N° connaissement", Field::BillOfLading),
            ("Expéditeur", Field::PartyName(Shipper)),
            ("Destinataire", Field::PartyName(Consignee)),
            ("Poids brut (kg)", Field::GrossWeightKg),
            ("Nombre de colis", Field::Quantity),
            // Spanish.
            ("Conocimiento de embarque", Field::BillOfLading),
            ("Consignatario", Field::PartyName(Consignee)),
            ("Descripción de la mercancía", Field::GoodsDescription),
            ("Partida arancelaria", Field::HsCode),
            // German.
            ("Empfänger", Field::PartyName(Consignee)),
            ("Warenbeschreibung", Field::GoodsDescription),
            ("Zolltarifnummer", Field::HsCode),
            ("Bruttogewicht kg", Field::GrossWeightKg),
            // Russian.
            ("Номер коносамента", Field::BillOfLading),
            ("Грузоотправитель", Field::PartyName(Shipper)),
            ("Грузополучатель", Field::PartyName(Consignee)),
            ("Описание груза", Field::GoodsDescription),
            ("Код ТН ВЭД", Field::HsCode),
            ("Вес брутто (кг)", Field::GrossWeightKg),
            // Arabic.
            ("رقم بوليصة الشحن", Field::BillOfLading),
            ("الشاحن", Field::PartyName(Shipper)),
            ("المرسل إليه", Field::PartyName(Consignee)),
            ("وصف البضاعة", Field::GoodsDescription),
            ("رقم الحاوية", Field::ContainerNumber),
        ];
        for (heading, field) in cases {
            assert_eq!(
                field_of(heading),
                Some(*field),
                "{heading:?} ({})",
                header_key(heading)
            );
        }
    }
}
