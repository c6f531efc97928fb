// Draftail entity for the practice name: inserts a reference that the site
// renders as the name set in Settings, so articles never hard-code it.
(function () {
  "use strict";

  var React = window.React;
  var DraftJS = window.DraftJS;
  var PLACEHOLDER = "Practice name";

  // A source with no dialog: it inserts the entity as soon as it is chosen.
  class PracticeNameSource extends React.Component {
    componentDidMount() {
      var editorState = this.props.editorState;
      var content = editorState.getCurrentContent();
      var withEntity = content.createEntity(this.props.entityType.type, "IMMUTABLE", {});
      var entityKey = withEntity.getLastCreatedEntityKey();
      var newContent = DraftJS.Modifier.replaceText(
        withEntity,
        editorState.getSelection(),
        PLACEHOLDER,
        null,
        entityKey
      );
      this.props.onComplete(
        DraftJS.EditorState.push(editorState, newContent, "insert-characters")
      );
    }

    render() {
      return null;
    }
  }

  function PracticeNameDecorator(props) {
    return React.createElement(
      "span",
      {
        className: "practice-name-entity",
        title: "Shows the practice name from Settings",
      },
      props.children
    );
  }

  window.draftail.registerPlugin(
    {
      type: "PRACTICE_NAME",
      source: PracticeNameSource,
      decorator: PracticeNameDecorator,
    },
    "entityTypes"
  );
})();
