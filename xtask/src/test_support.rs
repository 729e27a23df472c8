//! Hand-built IRs for the unit tests (diff, history, overrides, emitters).

use crate::ir::*;

pub fn ir(slug: &str, id: Option<u64>, features: Vec<Feature>) -> GameIr {
    GameIr {
        source: Source {
            path: format!("{slug}.md"),
            format: Format::Markdown,
        },
        game: Game {
            slug: slug.to_owned(),
            title: slug.to_owned(),
            id,
        },
        features,
        overrides: Vec::new(),
        diagnostics: Vec::new(),
    }
}

pub fn feature(name: &str, info_updates: Vec<InfoUpdate>, events: Vec<Event>) -> Feature {
    Feature {
        name: name.to_owned(),
        line: Some(1),
        info_updates,
        events,
        notes: Vec::new(),
    }
}

pub fn key(name: &str, category: &str, value: ValueType) -> InfoUpdate {
    InfoUpdate {
        key: name.to_owned(),
        family: None,
        category: category.to_owned(),
        since: Some("130.0".to_owned()),
        description: format!("the {name}"),
        remarks: None,
        value,
        note: None,
        line: 10,
    }
}

pub fn family(name: &str, prefix: &str, placeholder: &str, value: ValueType) -> InfoUpdate {
    InfoUpdate {
        family: Some(KeyFamily {
            prefix: prefix.to_owned(),
            suffix: String::new(),
            placeholder: placeholder.to_owned(),
            member: FamilyMember::Index,
        }),
        ..key(name, "match_info", value)
    }
}

pub fn event(name: &str, data: ValueType) -> Event {
    Event {
        name: name.to_owned(),
        since: Some("130.0".to_owned()),
        description: format!("when {name}"),
        data_description: String::new(),
        remarks: None,
        data,
        note: None,
        line: 20,
    }
}

pub fn ty(shape: Shape) -> ValueType {
    ValueType {
        shape,
        encoding: Encoding::Native,
        nullable: false,
        evidence: Evidence::Default,
    }
}

pub fn string() -> ValueType {
    ty(Shape::String)
}

pub fn integer() -> ValueType {
    ty(Shape::Integer)
}

pub fn enumeration(values: &[&str]) -> ValueType {
    ty(Shape::Enum {
        values: values.iter().map(|v| EnumValue::new(*v)).collect(),
    })
}

pub fn array(items: ValueType) -> ValueType {
    ty(Shape::Array {
        items: Box::new(items),
    })
}

pub fn object(fields: &[(&str, ValueType)]) -> ValueType {
    ty(Shape::Object {
        fields: fields
            .iter()
            .map(|(name, value)| Field {
                name: (*name).to_owned(),
                value: value.clone(),
                optional: false,
            })
            .collect(),
    })
}
