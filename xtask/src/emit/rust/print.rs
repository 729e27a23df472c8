//! Printing: a lowered game (`GameSrc`) to tokens, item by item; layout is prettyplease's.

use anyhow::Result;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{code_span, escape_markdown, Docs};
use super::lower::{
    EnumSrc, EventSrc, FeatureSrc, FieldSrc, GameSrc, InfoSrc, LookupSrc, StructSrc, Ty, TypeItem,
    EXTRA_FIELDS,
};
use crate::ident::RustIdent;
use crate::ir::{FamilyMember, WireKey};

impl Ty {
    /// The type as written in the game module (`submodule = Some(info)`) or in the submodule.
    /// The game module defines no names of its own that could shadow the prelude; the
    /// submodules do (a payload may be called `Option`), so they spell out the paths.
    pub(super) fn tokens(&self, submodule: Option<&Ident>) -> TokenStream {
        match self {
            Ty::Named(name) => match submodule {
                Some(module) => quote!(#module::#name),
                None => quote!(#name),
            },
            Ty::String => match submodule {
                Some(_) => quote!(String),
                None => quote!(::std::string::String),
            },
            Ty::Bool => quote!(bool),
            Ty::I64 => quote!(i64),
            Ty::F64 => quote!(f64),
            Ty::Json => quote!(::serde_json::Value),
            Ty::Option(inner) => {
                let inner = inner.tokens(submodule);
                match submodule {
                    Some(_) => quote!(Option<#inner>),
                    None => quote!(::std::option::Option<#inner>),
                }
            }
            Ty::Vec(inner) => {
                let inner = inner.tokens(submodule);
                match submodule {
                    Some(_) => quote!(Vec<#inner>),
                    None => quote!(::std::vec::Vec<#inner>),
                }
            }
            Ty::Map(inner) => {
                let inner = inner.tokens(submodule);
                let key = Ty::String.tokens(submodule);
                quote!(::std::collections::BTreeMap<#key, #inner>)
            }
        }
    }
}

pub(super) fn print_type(item: &TypeItem) -> TokenStream {
    match item {
        TypeItem::Struct(item) => print_struct(item),
        TypeItem::Enum(item) => print_enum(item),
    }
}

pub(super) fn print_struct(item: &StructSrc) -> TokenStream {
    let StructSrc {
        ident,
        docs,
        fields,
    } = item;
    let field_items = fields.iter().map(|field| {
        let FieldSrc { ident, docs, ty } = field;
        let ty = Ty::Option(Box::new(ty.clone())).tokens(None);
        let RustIdent { rename, .. } = ident;
        let rename = rename.as_ref().map(|original| quote!(rename = #original,));
        let docs = docs.attrs();
        let ident = ident.to_ident();
        quote! {
            #docs
            #[serde(
                #rename
                default,
                deserialize_with = "crate::runtime::lenient",
                skip_serializing_if = "::std::option::Option::is_none"
            )]
            pub #ident: #ty,
        }
    });
    let docs = docs.attrs();
    let extra = format_ident!("{EXTRA_FIELDS}");
    quote! {
        #docs
        ///
        /// Every field is optional (GEP leaves fields out); a field whose value does not
        /// fit its type makes the whole update `Invalid`, with the reason.
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #ident {
            #(#field_items)*
            /// Fields the docs do not list, exactly as sent: nothing GEP sends is lost.
            #[serde(flatten)]
            pub #extra: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }

        impl crate::runtime::Lenient for #ident {
            fn deserialize_lenient<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::document(deserializer)
            }
        }
    }
}

pub(super) fn print_enum(item: &EnumSrc) -> TokenStream {
    let EnumSrc {
        ident,
        docs,
        variants: variant_srcs,
    } = item;
    let variant_items = variant_srcs.iter().map(|variant| {
        let docs = variant.docs.attrs();
        let ident = &variant.ident;
        quote! { #docs #ident, }
    });
    let variants: Vec<&Ident> = variant_srcs.iter().map(|v| &v.ident).collect();
    let texts: Vec<Literal> = variant_srcs
        .iter()
        .map(|v| Literal::string(&v.text))
        .collect();
    let (alias_variants, alias_texts): (Vec<&Ident>, Vec<Literal>) = (variant_srcs.iter())
        .flat_map(|v| {
            v.aliases
                .iter()
                .map(move |alias| (&v.ident, Literal::string(alias)))
        })
        .unzip();
    let docs = docs.attrs();
    quote! {
        #docs
        ///
        /// Open: a value the docs do not list decodes to `Other`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #ident {
            #(#variant_items)*
            /// A value the docs do not list.
            Other(::std::string::String),
        }

        impl #ident {
            /// The value as GEP sends it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #texts,)*
                    Self::Other(text) => text,
                }
            }
        }

        impl ::std::convert::From<&str> for #ident {
            fn from(text: &str) -> Self {
                match text {
                    #(#texts => Self::#variants,)*
                    #(#alias_texts => Self::#alias_variants,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #ident {
            fn from(text: ::std::string::String) -> Self {
                match Self::from(text.as_str()) {
                    Self::Other(_) => Self::Other(text),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = ::std::convert::Infallible;

            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(text))
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::lenient(deserializer)
            }
        }

        impl crate::runtime::Lenient for #ident {
            fn deserialize_lenient<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::enum_value(deserializer)
            }
        }
    }
}

pub(super) fn generate_module(game: &GameSrc) -> Result<TokenStream> {
    let GameSrc {
        module_name: _,
        module: _,
        slug,
        title,
        id,
        source_path,
        features,
        infos,
        lookup,
        events,
        info_types,
        event_types,
        sample_payloads: _,
    } = game;

    let mut module_docs = Docs::default();
    module_docs.markdown(&format!(
        "{}: typed GEP info updates and events.",
        escape_markdown(title)
    ));
    module_docs.markdown(&format!(
        "Generated from {} by `cargo xtask regen`.",
        code_span(source_path)
    ));
    let module_docs = module_docs.inner_attrs();

    let game_id = match id {
        Some(id) => {
            let id = Literal::u64_unsuffixed(*id);
            quote! {
                /// The Overwolf game id.
                pub const GAME_ID: u64 = #id;
            }
        }
        None => quote! {},
    };

    let feature_enum = generate_features(features);
    let info_enum = generate_info_enum(infos, lookup);
    let event_enum = generate_event_enum(events);
    let info_module = submodule("info", "Payload types of info updates.", info_types);
    let events_module = submodule("events", "Payload types of events.", event_types);

    Ok(quote! {
        #module_docs
        #![allow(clippy::enum_variant_names, clippy::large_enum_variant)]

        #game_id

        /// The game's slug in `spec/`.
        pub const SLUG: &str = #slug;

        /// The game's name.
        pub const TITLE: &str = #title;

        #feature_enum

        #info_enum

        #event_enum

        /// An info update or an event.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Update {
            Info(InfoUpdate),
            Event(Event),
        }

        impl Update {
            /// Looks up the key or name of an update out of its envelope. A flat ow-electron
            /// envelope without a `feature` is an event when its key names a documented event
            /// and no documented info key.
            pub fn from_wire(wire: crate::runtime::WireUpdate<'_>) -> Self {
                match wire {
                    crate::runtime::WireUpdate::Info(wire)
                        if wire.may_be_event()
                            && !InfoUpdate::documents(wire.category.as_deref(), &wire.key)
                            && Event::documents(&wire.key) =>
                    {
                        Self::Event(Event::from_wire(wire.into_event()))
                    }
                    crate::runtime::WireUpdate::Info(wire) => Self::Info(InfoUpdate::from_wire(wire)),
                    crate::runtime::WireUpdate::Event(wire) => Self::Event(Event::from_wire(wire)),
                }
            }

            /// The info update, if this is one.
            pub fn into_info(self) -> Option<InfoUpdate> {
                match self {
                    Self::Info(info) => Some(info),
                    Self::Event(_) => None,
                }
            }

            /// The event, if this is one.
            pub fn into_event(self) -> Option<Event> {
                match self {
                    Self::Event(event) => Some(event),
                    Self::Info(_) => None,
                }
            }
        }

        impl crate::runtime::DecodedMembers for Update {
            fn serialize_members<M: ::serde::ser::SerializeMap>(
                &self,
                origin: &crate::runtime::Origin,
                map: &mut M,
            ) -> ::std::result::Result<(), M::Error> {
                match self {
                    Self::Info(info) => info.serialize_members(origin, map),
                    Self::Event(event) => event.serialize_members(origin, map),
                }
            }
        }

        /// Decodes the JSON text of a GEP payload (`onInfoUpdates2`, `onNewEvents`, the
        /// ow-electron forms; see [`crate::runtime::parse`]) into typed updates, in order.
        ///
        /// Fails only when the text is not JSON or not a GEP payload at all.
        pub fn decode(
            json: &str,
        ) -> Result<Vec<Update>, crate::runtime::DecodeError> {
            Ok(
                crate::runtime::parse(json)?.into_iter().map(Update::from_wire).collect(),
            )
        }

        /// Decodes a payload's JSON text into its updates with the feature and category
        /// their envelope names. Serialised (serde), each is one object of the shape every
        /// decoder of gepgen writes (`docs/decoding.md`): `{"type":"info","feature",
        /// "category","key","index"?,"value"}`, `{"type":"event",...}`, `unknown`, `invalid`.
        ///
        /// Never fails: text that is not a GEP payload is one `InvalidPayload`.
        pub fn decode_all(json: &str) -> Vec<crate::runtime::Decoded<Update>> {
            match crate::runtime::parse(json) {
                Ok(wires) => wires
                    .into_iter()
                    .map(|wire| crate::runtime::Decoded::Update {
                        origin: crate::runtime::Origin::of(&wire),
                        update: Update::from_wire(wire),
                    })
                    .collect(),
                Err(error) => vec![crate::runtime::Decoded::InvalidPayload {
                    raw: json.to_owned(),
                    reason: error.to_string(),
                }],
            }
        }

        #info_module

        #events_module
    })
}

pub(super) fn submodule(name: &str, doc: &str, items: &[TypeItem]) -> TokenStream {
    if items.is_empty() {
        return quote! {};
    }
    let items = items.iter().map(print_type);
    let name = format_ident!("{name}");
    let doc = format!(" {doc}");
    quote! {
        #[doc = #doc]
        pub mod #name {
            #(#items)*
        }
    }
}

pub(super) fn generate_features(features: &[FeatureSrc]) -> TokenStream {
    let variants: Vec<&Ident> = features.iter().map(|f| &f.variant).collect();
    let names: Vec<&str> = features.iter().map(|f| f.name.as_str()).collect();
    let variant_docs = names
        .iter()
        .map(|name| format!(" Feature {}.", code_span(name)));
    let from_str = if features.is_empty() {
        quote! { Err(crate::runtime::UnknownFeature(text.to_owned())) }
    } else {
        quote! {
            match text {
                #(#names => Ok(Self::#variants),)*
                other => Err(crate::runtime::UnknownFeature(other.to_owned())),
            }
        }
    };
    quote! {
        /// A feature to request with `setRequiredFeatures`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Feature {
            #(#[doc = #variant_docs] #variants,)*
        }

        impl Feature {
            /// Every documented feature, in the order of the docs.
            pub const ALL: &'static [Feature] = &[#(Self::#variants),*];

            /// The name GEP uses.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(Self::#variants => #names,)*
                }
            }
        }

        impl ::std::str::FromStr for Feature {
            type Err = crate::runtime::UnknownFeature;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                #from_str
            }
        }

        impl ::std::fmt::Display for Feature {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for Feature {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for Feature {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }
    }
}

pub(super) fn generate_info_enum(infos: &[InfoSrc], lookup: &[LookupSrc]) -> TokenStream {
    let info_module = format_ident!("info");
    let mut variant_items = Vec::new();
    let mut key_variants = Vec::new();
    let mut decode_arms = Vec::new();
    let mut key_arms = Vec::new();
    let mut json_arms = Vec::new();
    for info in infos {
        let InfoSrc {
            variant,
            key,
            family,
            category: _,
            aliases: _,
            docs,
            value,
        } = info;
        let docs = docs.attrs();
        let ty = value.as_ref().map(|ty| ty.tokens(Some(&info_module)));
        // A family's variant carries the part of the key that varies: an index, or a name.
        let member = family.as_ref().map(|family| match family.member {
            FamilyMember::Index => (quote!(index), quote!(u32), quote!(index)),
            FamilyMember::Name => (quote!(name), quote!(String), quote!(name: name.to_owned())),
        });
        variant_items.push(match (&member, &ty) {
            (Some((field, field_ty, _)), Some(ty)) => {
                quote! { #docs #variant { #field: #field_ty, value: #ty }, }
            }
            (Some((field, field_ty, _)), None) => quote! { #docs #variant { #field: #field_ty }, },
            (None, Some(ty)) => quote! { #docs #variant(#ty), },
            (None, None) => quote! { #docs #variant, },
        });
        key_variants.push(match family.as_ref().map(|family| family.member) {
            Some(FamilyMember::Index) => quote! { #variant(u32), },
            Some(FamilyMember::Name) => quote! { #variant(&'k str), },
            None => quote! { #variant, },
        });
        decode_arms.push(match (&member, &ty) {
            (Some((field, _, owned)), Some(_)) => quote! {
                Some(InfoKey::#variant(#field)) => {
                    match crate::runtime::decode(wire.value) {
                        Ok(value) => Self::#variant { #owned, value },
                        Err(error) => Self::Invalid { raw: wire.to_raw(), error },
                    }
                }
            },
            (Some((field, _, owned)), None) => quote! {
                Some(InfoKey::#variant(#field)) => {
                    match crate::runtime::decode::<crate::runtime::NoValue>(wire.value) {
                        Ok(_) => Self::#variant { #owned },
                        Err(error) => Self::Invalid { raw: wire.to_raw(), error },
                    }
                }
            },
            (None, Some(_)) => quote! {
                Some(InfoKey::#variant) => {
                    match crate::runtime::decode(wire.value) {
                        Ok(value) => Self::#variant(value),
                        Err(error) => Self::Invalid { raw: wire.to_raw(), error },
                    }
                }
            },
            (None, None) => quote! {
                Some(InfoKey::#variant) => {
                    match crate::runtime::decode::<crate::runtime::NoValue>(wire.value) {
                        Ok(_) => Self::#variant,
                        Err(error) => Self::Invalid { raw: wire.to_raw(), error },
                    }
                }
            },
        });
        key_arms.push(match (family, &ty) {
            (Some(_), _) => quote! { Self::#variant { .. } => Some(#key), },
            (None, Some(_)) => quote! { Self::#variant(_) => Some(#key), },
            (None, None) => quote! { Self::#variant => Some(#key), },
        });
        let json_member = family.as_ref().map(|family| match family.member {
            FamilyMember::Index => (
                quote!(index),
                quote!(Some(crate::runtime::Member::Index(*index))),
            ),
            FamilyMember::Name => (
                quote!(name),
                quote!(Some(crate::runtime::Member::Name(name))),
            ),
        });
        json_arms.push(match (json_member, &ty) {
            (Some((field, member)), Some(_)) => quote! {
                Self::#variant { #field, value } => {
                    crate::runtime::info_members(map, origin, #key, #member, value)
                }
            },
            (Some((field, member)), None) => quote! {
                Self::#variant { #field } => {
                    crate::runtime::info_members(map, origin, #key, #member, &())
                }
            },
            (None, Some(_)) => quote! {
                Self::#variant(value) => crate::runtime::info_members(map, origin, #key, None, value),
            },
            (None, None) => quote! {
                Self::#variant => crate::runtime::info_members(map, origin, #key, None, &()),
            },
        });
    }

    let (lookup_items, from_raw, documents) = if infos.is_empty() {
        (
            quote! {},
            quote! { Self::Unknown(wire.to_raw()) },
            quote! { fn documents(_category: Option<&str>, _key: &str) -> bool { false } },
        )
    } else {
        let (lookup, uses_category) = generate_info_lookup(infos, lookup);
        // A name family's key borrows its name from the key looked up.
        let borrows = infos.iter().any(|info| {
            (info.family.as_ref()).is_some_and(|family| family.member == FamilyMember::Name)
        });
        let (generics, key_param, found) = if borrows {
            (quote!(<'k>), quote!(key: &'k str), quote!(InfoKey<'k>))
        } else {
            (quote!(), quote!(key: &str), quote!(InfoKey))
        };
        let named_doc = if borrows {
            quote! {
                #[doc = " A family of keys named by the data holds the keys of its category that"]
                #[doc = " nothing else documents."]
            }
        } else {
            quote!()
        };
        let (lookup_call, documents_call, signature, documents_signature) = if uses_category {
            (
                quote! { lookup_info(wire.category.as_deref(), &wire.key) },
                quote! { lookup_info(category, key) },
                quote! { fn lookup_info #generics (category: Option<&str>, #key_param) },
                quote! { fn documents(category: Option<&str>, key: &str) -> bool },
            )
        } else {
            (
                quote! { lookup_info(&wire.key) },
                quote! { lookup_info(key) },
                quote! { fn lookup_info #generics (#key_param) },
                quote! { fn documents(_category: Option<&str>, key: &str) -> bool },
            )
        };
        (
            quote! {
                /// The documented keys, as looked up before the value is decoded.
                #[derive(Clone, Copy)]
                enum InfoKey #generics {
                    #(#key_variants)*
                }

                /// Finds the documented key. A key documented in one category is found
                /// whatever category it arrives in (the docs' categories and examples disagree
                /// at times); a key documented in several is told apart by its category.
                #named_doc
                #signature -> Option<#found> {
                    #lookup
                }
            },
            quote! {
                match #lookup_call {
                    #(#decode_arms)*
                    None => Self::Unknown(wire.to_raw()),
                }
            },
            quote! { #documents_signature { #documents_call.is_some() } },
        )
    };

    let decoded_members = decoded_members(
        &format_ident!("InfoUpdate"),
        &json_arms,
        &quote!(crate::runtime::raw_info_members),
    );
    quote! {
        /// An info update (`onInfoUpdates2`), by documented key.
        #[derive(Debug, Clone, PartialEq)]
        pub enum InfoUpdate {
            #(#variant_items)*
            /// A key the docs do not list (a newer GEP version, or an undocumented key).
            Unknown(crate::runtime::RawInfo),
            /// A documented key whose value does not fit the documented type.
            Invalid {
                raw: crate::runtime::RawInfo,
                error: String,
            },
        }

        #lookup_items

        impl InfoUpdate {
            /// Looks up the key of an info update out of its envelope and decodes its value.
            /// Never fails: unknown keys give `Unknown`, values of the wrong type `Invalid`.
            pub fn from_wire(wire: crate::runtime::WireInfo<'_>) -> Self {
                #from_raw
            }

            /// Whether the docs list `key` (in `category`, where that tells two keys apart),
            /// as [`InfoUpdate::from_wire`] looks it up.
            pub #documents

            /// The key as documented (`roster_XX` for a family); `None` for `Unknown` and
            /// `Invalid`.
            pub fn documented_key(&self) -> Option<&'static str> {
                match self {
                    #(#key_arms)*
                    Self::Unknown(_) | Self::Invalid { .. } => None,
                }
            }
        }

        #decoded_members
    }
}

/// The body of `lookup_info`, and whether it needs the category.
pub(super) fn generate_info_lookup(infos: &[InfoSrc], lookup: &[LookupSrc]) -> (TokenStream, bool) {
    let groups: Vec<(&WireKey, Vec<&InfoSrc>)> = (lookup.iter())
        .map(|group| {
            (
                &group.wire,
                group.infos.iter().map(|&i| &infos[i]).collect(),
            )
        })
        .collect();
    let uses_category = groups.iter().any(|(wire, members)| {
        members.len() > 1
            || matches!(
                wire,
                WireKey::Family {
                    member: FamilyMember::Name,
                    ..
                }
            )
    });

    let by_category = |members: &[&InfoSrc], member: Option<TokenStream>| {
        let arms = members.iter().map(|info| {
            let category = &info.category;
            let variant = &info.variant;
            let key = match &member {
                Some(member) => quote!(InfoKey::#variant(#member)),
                None => quote!(InfoKey::#variant),
            };
            quote! { Some(#category) => Some(#key), }
        });
        quote! {
            match category {
                #(#arms)*
                _ => None,
            }
        }
    };

    let mut exact_arms = Vec::new();
    let mut family_lookups = Vec::new();
    // Keys the examples send in place of a documented one (each sent for one key only).
    for info in infos {
        let variant = &info.variant;
        for alias in &info.aliases {
            exact_arms.push(quote! { #alias => Some(InfoKey::#variant), });
        }
    }
    for (wire, members) in &groups {
        match wire {
            WireKey::Exact(key) => {
                let found = match members.as_slice() {
                    [only] => {
                        let variant = &only.variant;
                        quote!(Some(InfoKey::#variant))
                    }
                    _ => by_category(members, None),
                };
                exact_arms.push(quote! { #key => #found, });
            }
            WireKey::Family {
                prefix,
                suffix,
                member: FamilyMember::Index,
            } => {
                let index_of = quote!(crate::runtime::family_index(key, #prefix, #suffix));
                family_lookups.push(match members.as_slice() {
                    [only] => {
                        let variant = &only.variant;
                        quote!(#index_of.map(InfoKey::#variant))
                    }
                    _ => {
                        let choose = by_category(members, Some(quote!(index)));
                        quote!(#index_of.and_then(|index| #choose))
                    }
                });
            }
            // Only in its own categories: elsewhere an undocumented key stays unknown.
            WireKey::Family {
                prefix,
                suffix,
                member: FamilyMember::Name,
            } => {
                let name_of = quote!(crate::runtime::family_name(key, #prefix, #suffix));
                let choose = by_category(members, Some(quote!(name)));
                family_lookups.push(quote!(#name_of.and_then(|name| #choose)));
            }
        }
    }
    let families = family_lookups
        .into_iter()
        .reduce(|chain, next| quote!(#chain.or_else(|| #next)));
    let body = match (exact_arms.is_empty(), families) {
        (true, Some(families)) => families,
        (true, None) => quote!(None),
        (false, families) => {
            let otherwise = families.unwrap_or_else(|| quote!(None));
            quote! {
                match key {
                    #(#exact_arms)*
                    _ => #otherwise,
                }
            }
        }
    };
    (body, uses_category)
}

pub(super) fn generate_event_enum(events: &[EventSrc]) -> TokenStream {
    let events_module = format_ident!("events");
    let mut variant_items = Vec::new();
    let mut decode_arms = Vec::new();
    let mut name_arms = Vec::new();
    let mut json_arms = Vec::new();
    for event in events {
        let EventSrc {
            variant,
            name,
            docs,
            data,
        } = event;
        let docs = docs.attrs();
        match data {
            Some(ty) => {
                let ty = ty.tokens(Some(&events_module));
                variant_items.push(quote! { #docs #variant(#ty), });
                decode_arms.push(quote! {
                    #name => match crate::runtime::decode(wire.data) {
                        Ok(data) => Self::#variant(data),
                        Err(error) => Self::Invalid { raw: wire.to_raw(), error },
                    },
                });
                name_arms.push(quote! { Self::#variant(_) => Some(#name), });
                json_arms.push(quote! {
                    Self::#variant(data) => crate::runtime::event_members(map, origin, #name, data),
                });
            }
            None => {
                variant_items.push(quote! { #docs #variant, });
                decode_arms.push(quote! {
                    #name => match crate::runtime::decode::<crate::runtime::NoValue>(wire.data) {
                        Ok(_) => Self::#variant,
                        Err(error) => Self::Invalid { raw: wire.to_raw(), error },
                    },
                });
                name_arms.push(quote! { Self::#variant => Some(#name), });
                json_arms.push(quote! {
                    Self::#variant => crate::runtime::event_members(map, origin, #name, &()),
                });
            }
        }
    }
    let (from_raw, documents) = if events.is_empty() {
        (
            quote! { Self::Unknown(wire.to_raw()) },
            quote! {
                let _ = name;
                false
            },
        )
    } else {
        let names = events.iter().map(|event| &event.name);
        (
            quote! {
                match wire.name.as_ref() {
                    #(#decode_arms)*
                    _ => Self::Unknown(wire.to_raw()),
                }
            },
            quote! { matches!(name, #(#names)|*) },
        )
    };
    let decoded_members = decoded_members(
        &format_ident!("Event"),
        &json_arms,
        &quote!(crate::runtime::raw_event_members),
    );
    quote! {
        /// A game event (`onNewEvents`), by documented name.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Event {
            #(#variant_items)*
            /// An event the docs do not list (a newer GEP version, or an undocumented event).
            Unknown(crate::runtime::RawEvent),
            /// A documented event whose data does not fit the documented type.
            Invalid {
                raw: crate::runtime::RawEvent,
                error: String,
            },
        }

        impl Event {
            /// Looks up the name of an event out of its envelope and decodes its data. Never
            /// fails: unknown events give `Unknown`, data of the wrong type gives `Invalid`.
            pub fn from_wire(wire: crate::runtime::WireEvent<'_>) -> Self {
                #from_raw
            }

            /// Whether the docs list an event named `name`.
            pub fn documents(name: &str) -> bool {
                #documents
            }

            /// The event name as documented; `None` for `Unknown` and `Invalid`.
            pub fn documented_name(&self) -> Option<&'static str> {
                match self {
                    #(#name_arms)*
                    Self::Unknown(_) | Self::Invalid { .. } => None,
                }
            }
        }

        #decoded_members
    }
}

/// `impl DecodedMembers for InfoUpdate` (or `Event`): the documented variants by `arms`, the
/// `Unknown` and `Invalid` ones by the runtime's `raw_members`.
fn decoded_members(ty: &Ident, arms: &[TokenStream], raw_members: &TokenStream) -> TokenStream {
    // A game without keys (or events) has no update that needs the origin: unknown and
    // invalid ones carry their own.
    let origin = if arms.is_empty() {
        format_ident!("_origin")
    } else {
        format_ident!("origin")
    };
    quote! {
        impl crate::runtime::DecodedMembers for #ty {
            fn serialize_members<M: ::serde::ser::SerializeMap>(
                &self,
                #origin: &crate::runtime::Origin,
                map: &mut M,
            ) -> ::std::result::Result<(), M::Error> {
                match self {
                    #(#arms)*
                    Self::Unknown(raw) => #raw_members(map, raw, None),
                    Self::Invalid { raw, error } => #raw_members(map, raw, Some(error)),
                }
            }
        }
    }
}
